//! Ids written by editors (a topic's `chuyen-doi-so`, a kind's `tin`, a unit's `bao-lai-chau`),
//! each its own type so one cannot stand for another. They are shared text: a page, a list
//! and a count holding the same id share one allocation, and copying a page copies none.

/// Declares an id type: shared text that reads as a `str` and is found in maps by one.
#[macro_export]
macro_rules! text_id {
    ($(#[$doc:meta])* $id:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $id(std::sync::Arc<str>);

        impl serde::Serialize for $id {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl $id {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $id {
            fn from(s: &str) -> Self {
                $id(s.into())
            }
        }

        impl From<String> for $id {
            fn from(s: String) -> Self {
                $id(s.into())
            }
        }

        impl std::ops::Deref for $id {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $id {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $id {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $id {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $id {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }
    };
}

text_id!(
    /// A topic of `site.yaml`'s `topics:` (`chuyen-doi-so`).
    TopicId
);
text_id!(
    /// A form of `site.yaml`'s `kinds:` (`tin`, `bai`, `anh`).
    KindId
);
