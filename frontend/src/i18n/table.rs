//! A table of fixed strings: the enum, its `ALL` list and both translations come from one
//! list, so a string cannot exist without its French and English.

/// Declares a fixed-string enum with its translations.
macro_rules! fixed_texts {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident => ($fr:expr, $en:expr $(,)?),)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)*
        }

        impl $name {
            /// Every string, for the translation tests.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The string in `locale`.
            pub fn get(self, locale: $crate::i18n::Locale) -> &'static str {
                let (fr, en) = match self {
                    $($name::$variant => ($fr, $en),)*
                };
                locale.pick(fr, en)
            }
        }

        impl $crate::i18n::Translate for $name {
            fn get(self, locale: $crate::i18n::Locale) -> &'static str {
                $name::get(self, locale)
            }
        }
    };
}

pub(crate) use fixed_texts;
