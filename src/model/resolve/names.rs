//! Pass 1 (declare) and the table of names: every name declared once, each
//! reference looked up by the kinds it may be, with "did you mean" for an
//! unknown one, words of the fixed vocabularies read, imported names taken in.

use super::*;

impl<'a> Resolver<'a> {
    // ----- pass 1: declare -----

    pub(super) fn declare(&mut self, id: &ast::Ident<'a>, kind: Kind, index: usize) {
        if let Some(first) = self.names.get(id.name) {
            self.again.entry(id.name).or_default().push((kind, index));
            let what = if first.kind == kind {
                format!("there is already {} `{}`", kind.with_article(), id.name)
            } else {
                format!(
                    "`{}` is already the name of {}",
                    id.name,
                    first.kind.with_article()
                )
            };
            self.diagnostics.push(
                Diagnostic::new(Code::DuplicateName, id.span, what)
                    .label(format!("{} declared again", kind.word()))
                    .with_secondary(first.span, "first declared here")
                    .help("every partner, body, pool, function, grant and obligation needs its own name"),
            );
            return;
        }
        // Only the first names of a kind are ever offered as suggestions
        // (see `did_you_mean`): the rest need no room here.
        let order = self.order.entry(kind).or_default();
        if order.len() < SUGGEST_MAX_CANDIDATES {
            order.push(id.name);
        }
        self.names.insert(
            self.name(id.name),
            Decl {
                kind,
                index,
                span: id.span,
            },
        );
    }

    /// The name of a thing defined at `id`: the one its declaration
    /// holds, shared (a copy is made only when the file's text is not at
    /// hand and the name was never declared).
    pub(super) fn declared_name(&self, id: &ast::Ident<'a>) -> Name {
        match self.names.get_key_value(id.name) {
            Some((name, _)) => name.clone(),
            None => self.name(id.name),
        }
    }

    // ----- references -----

    /// Looks `id` up; it must name one of `allowed`, for the role described by
    /// `role` ("a pool's host").
    pub(super) fn lookup(
        &mut self,
        id: &ast::Ident<'a>,
        allowed: &[Kind],
        role: &str,
    ) -> Option<Ref> {
        let found = self.find(id, allowed, role);
        if found.is_none() {
            self.failures += 1;
        }
        found
    }

    pub(super) fn find(
        &mut self,
        id: &ast::Ident<'a>,
        allowed: &[Kind],
        role: &str,
    ) -> Option<Ref> {
        let found = self.names.get_key_value(id.name);
        if found.is_none() && (self.import_failed || self.unreadable.contains(&id.name)) {
            // Declared on a line already reported as unreadable.
            return None;
        }
        match found {
            Some((name, decl)) if allowed.contains(&decl.kind) => Some(Ref {
                kind: decl.kind,
                index: decl.index,
                name: name.clone(),
                span: id.span,
            }),
            Some((name, _))
                if self
                    .again
                    .get(id.name)
                    .is_some_and(|again| again.iter().any(|(kind, _)| allowed.contains(kind))) =>
            {
                let (kind, index) = self
                    .again
                    .get(id.name)?
                    .iter()
                    .copied()
                    .find(|(kind, _)| allowed.contains(kind))?;
                Some(Ref {
                    kind,
                    index,
                    name: name.clone(),
                    span: id.span,
                })
            }
            Some((_, decl)) => {
                let (kind, first) = (decl.kind, decl.span);
                let wanted = allowed_words(allowed);
                let suggestion = self.suggest(id.name, allowed);
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::WrongKindOfName,
                        id.span,
                        format!(
                            "`{}` is {}, but {role} must be {wanted}",
                            id.name,
                            kind.with_article()
                        ),
                    )
                    .label(format!("{} here", kind.word()))
                    .with_secondary(first, format!("declared as {} here", kind.with_article()))
                    .maybe_help(suggestion.as_ref().map(|s| format!("did you mean `{s}`?")))
                    .maybe_fix(suggestion.map(|s| (format!("write `{s}`"), id.span, s))),
                );
                None
            }
            None => {
                let suggestion = self.suggest(id.name, allowed);
                let help = match &suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("declare it, or name {}", allowed_words(allowed)),
                };
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownName,
                        id.span,
                        format!("`{}` is not declared in this agreement", id.name),
                    )
                    .label(format!("{role} must be {}", allowed_words(allowed)))
                    .help(help)
                    .maybe_fix(suggestion.map(|s| (format!("write `{s}`"), id.span, s))),
                );
                None
            }
        }
    }

    pub(super) fn suggest(&self, name: &str, allowed: &[Kind]) -> Option<String> {
        let candidates = allowed
            .iter()
            .filter_map(|kind| self.order.get(kind))
            .flatten()
            .copied();
        did_you_mean(name, candidates).map(str::to_owned)
    }

    pub(super) fn lookup_all(
        &mut self,
        ids: &[ast::Ident<'a>],
        allowed: &[Kind],
        role: &str,
    ) -> Vec<Ref> {
        // Exactly as many as written: a list of one is common and stays one.
        let mut found = Vec::with_capacity(ids.len());
        found.extend(ids.iter().filter_map(|id| self.lookup(id, allowed, role)));
        found
    }

    pub(super) fn word<T: Copy>(
        &mut self,
        id: &ast::Ident<'_>,
        from_word: fn(&str) -> Option<T>,
        what: &str,
        spellings: &[&str],
        words: &[&str],
    ) -> Option<T> {
        if let Some(meaning) = from_word(id.name) {
            return Some(meaning);
        }
        let lower = id.name.to_ascii_lowercase();
        let suggestion = from_word(&lower)
            .map(|_| lower.clone())
            .or_else(|| did_you_mean(&lower, spellings.iter().copied()).map(str::to_owned));
        let help = match &suggestion {
            Some(s) => format!("did you mean `{s}`? The words are: {}", one_of(words)),
            None => format!("the words are: {}", one_of(words)),
        };
        self.diagnostics.push(
            Diagnostic::new(
                Code::UnknownWord,
                id.span,
                format!("`{}` is not a {what}", id.name),
            )
            .label(format!("unknown {what}"))
            .help(help)
            .maybe_fix(suggestion.map(|s| (format!("write `{s}`"), id.span, s))),
        );
        None
    }

    // ----- pass 2: build -----

    /// Brings in the definitions of the registers an agreement imports, as
    /// if declared at its top; their spans stay in the register's file.
    pub(super) fn import(
        &mut self,
        items: &[ast::AgreementItem<'a>],
        imported: &Imported<'a>,
        agreement: &mut Agreement,
    ) {
        for item in items {
            let ast::AgreementItem::Import(stmt) = item else {
                continue;
            };
            let Some(Some(registers)) = imported.get(stmt.node.value.as_ref()) else {
                self.import_failed = true;
                continue;
            };
            for register in registers {
                for partner in &register.partners {
                    self.declare_imported(
                        partner.id.as_str(),
                        partner.span,
                        Kind::Partner,
                        agreement.partners.len(),
                    );
                    agreement.partners.push(partner.clone());
                }
                for external in &register.externals {
                    self.declare_imported(
                        external.id.as_str(),
                        external.span,
                        Kind::External,
                        agreement.externals.len(),
                    );
                    agreement.externals.push(external.clone());
                }
                for function in &register.functions {
                    self.declare_imported(
                        function.id.as_str(),
                        function.span,
                        Kind::Function,
                        agreement.functions.len(),
                    );
                    agreement.functions.push(function.clone());
                }
            }
        }
    }

    pub(super) fn declare_imported(&mut self, name: &'a str, span: Span, kind: Kind, index: usize) {
        self.declare(&ast::Ident { name, span }, kind, index);
    }
}
