//! Names, the kinds of thing they declare, resolved references and values
//! with the place they were written.

use serde::Serialize;

use crate::source::Span;

/// A name (an id from the agreement, `bcc`): shared, hashed and ordered as
/// its text. A name read from a file is a view of the file's text, so
/// declaring it allocates nothing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(arcstr::Substr);

impl Name {
    /// A name from text, copied.
    pub fn new(text: &str) -> Name {
        Name(arcstr::Substr::from(text))
    }

    /// A name from a view of a text.
    pub fn view(text: arcstr::Substr) -> Name {
        Name(text)
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the name is a view of `text` rather than a copy.
    #[cfg(test)]
    pub(crate) fn is_view_of(&self, text: &arcstr::ArcStr) -> bool {
        arcstr::ArcStr::ptr_eq(self.0.parent(), text)
    }
}

/// A name is looked up by its text: hashed and compared as the text is.
impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Words as an agreement writes them (a full name, a title): a view of the
/// file's text where they are written there as they are, so reading them
/// allocates nothing; copied where escapes were undone.
pub type Words = arcstr::Substr;

/// What kind of thing a name declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A party to the agreement.
    Partner,
    /// A body that is not a party.
    External,
    /// A commissioned function.
    Function,
    /// A governance body.
    Body,
    /// A pooled fund.
    Pool,
    /// An aligned (non-pooled) budget.
    Aligned,
    /// A grant paid into a pool.
    Grant,
    /// An obligation.
    Obligation,
    /// A scheme of a pool.
    Scheme,
    /// A risk reserve.
    Reserve,
}

impl Kind {
    /// The word for it in messages.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Partner => "partner",
            Kind::External => "external body",
            Kind::Function => "function",
            Kind::Body => "governance body",
            Kind::Pool => "pool",
            Kind::Aligned => "aligned budget",
            Kind::Grant => "grant",
            Kind::Obligation => "obligation",
            Kind::Scheme => "scheme",
            Kind::Reserve => "risk reserve",
        }
    }

    /// The word with its article: "a partner", "an aligned budget".
    pub fn with_article(self) -> String {
        let word = self.word();
        let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {word}")
    }
}

/// A resolved reference: which thing, of which kind, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// The kind of thing named.
    pub kind: Kind,
    /// Its index in the agreement's list of that kind (pools and aligned
    /// budgets share the list `pools`).
    pub index: usize,
    /// Its name.
    pub name: Name,
    /// Where the reference is written.
    pub span: Span,
}

impl Serialize for Ref {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.name.serialize(serializer)
    }
}

/// A value with the place it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where.
    pub span: Span,
}

impl<T: Serialize> Serialize for At<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_small_and_looked_up_by_its_text() {
        // Every reference in the model holds a name: a chain of a million
        // reporting lines holds a million references.
        assert_eq!(std::mem::size_of::<Name>(), 16);
        assert_eq!(std::mem::size_of::<Ref>(), 40);
        let mut table = rustc_hash::FxHashMap::default();
        table.insert(Name::new("ccg"), 1);
        assert_eq!(table.get("ccg"), Some(&1));
        assert_eq!(Name::new("ccg").as_str(), "ccg");
        assert!(Name::new("a") < Name::new("b"));
    }
}
