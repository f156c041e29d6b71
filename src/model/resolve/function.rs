//! What a `function` line says of the function's statutory nature: an NHS
//! function's category, another function's legal source.

use super::*;

impl Resolver<'_> {
    /// The category and the legal source written after a function's kind,
    /// each where its kind allows it: a category only after `nhs`, a
    /// source only after `other` (which needs one).
    pub(super) fn function_nature(
        &mut self,
        decl: &ast::FunctionDecl<'_>,
        kind: Option<FunctionKind>,
    ) -> (Option<NhsCategory>, Option<String>) {
        let category = decl.category.as_ref().and_then(|word| {
            if kind.is_some() && kind != Some(FunctionKind::Nhs) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::Syntax,
                        word.span,
                        format!("only an NHS function has a category, not `{}`", word.name),
                    )
                    .label("not expected")
                    .help("write the category after `nhs` (`nhs rehabilitation`), or leave it out"),
                );
                return None;
            }
            self.word(
                word,
                NhsCategory::from_word,
                NhsCategory::WHAT,
                NhsCategory::SPELLINGS,
                NhsCategory::WORDS,
            )
        });
        let source = match (&decl.source, kind) {
            (Some(text), Some(FunctionKind::Other)) => Some(text.value.to_string()),
            (Some(text), _) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::Syntax,
                        text.span,
                        "only another function (`other`) is given a legal source",
                    )
                    .label("not expected")
                    .help("write `other \"Act, section\"` for a function that is neither an NHS nor a council's health-related function"),
                );
                None
            }
            (None, Some(FunctionKind::Other)) => {
                let span = decl.kind.as_ref().map_or(decl.id.span, |k| k.span);
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::Syntax,
                        span,
                        format!("function `{}` is `other` but does not say its legal source", decl.id.name),
                    )
                    .label("the legal source goes here")
                    .help("write the Act and section after `other`: `other \"Housing Grants, Construction and Regeneration Act 1996, s.1\"`"),
                );
                None
            }
            (None, _) => None,
        };
        (category, source)
    }
}
