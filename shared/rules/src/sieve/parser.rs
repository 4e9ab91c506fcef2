//! Sieve's generic grammar (RFC 5228 §8.2): commands with arguments, tests and blocks.
//! Meaning is given later, by the importer; this only builds the tree.

use super::lexer::{Token, TokenKind};

/// How deep tests and blocks may nest: deeper input is refused, never a stack overflow.
pub(crate) const MAX_DEPTH: usize = 32;

/// A positional or tagged argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Argument {
    Tag(String),
    Number(u64),
    /// A string or a string list (a single string is a list of one).
    Strings(Vec<String>),
}

/// A test: `header :contains "subject" "x"`, `not …`, `allof (…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Test {
    pub name: String,
    pub line: usize,
    pub arguments: Vec<Argument>,
    pub tests: Vec<Test>,
}

/// A command: `fileinto "x";` or `if test { … }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Command {
    pub name: String,
    pub line: usize,
    pub arguments: Vec<Argument>,
    pub tests: Vec<Test>,
    /// `None` for commands ending with `;`.
    pub block: Option<Vec<Item>>,
}

/// A command or a comment, in script order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Command(Command),
    Comment { line: usize, text: String },
}

/// Why the grammar was not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub line: usize,
    pub reason: String,
}

/// Parses every top-level command; on a syntax error, the commands read before it are
/// returned with the error.
pub(crate) fn parse(tokens: &[Token]) -> (Vec<Item>, Option<SyntaxError>) {
    let mut parser = Parser { tokens, at: 0 };
    let mut items = Vec::new();
    while parser.at < tokens.len() {
        match parser.item(0) {
            Ok(item) => items.push(item),
            Err(error) => return (items, Some(error)),
        }
    }
    (items, None)
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&TokenKind> {
        self.tokens.get(self.at).map(|t| &t.kind)
    }

    fn line(&self) -> usize {
        self.tokens
            .get(self.at)
            .or(self.tokens.last())
            .map_or(1, |t| t.line)
    }

    fn error<T>(&self, reason: &str) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            line: self.line(),
            reason: reason.to_owned(),
        })
    }

    fn skip_comments(&mut self) {
        while let Some(TokenKind::Comment(_)) = self.peek() {
            self.at += 1;
        }
    }

    fn item(&mut self, depth: usize) -> Result<Item, SyntaxError> {
        let line = self.line();
        match self.peek() {
            Some(TokenKind::Comment(text)) => {
                let text = text.clone();
                self.at += 1;
                Ok(Item::Comment { line, text })
            }
            Some(TokenKind::Identifier(_)) => self.command(depth).map(Item::Command),
            _ => self.error("a command was expected"),
        }
    }

    fn command(&mut self, depth: usize) -> Result<Command, SyntaxError> {
        if depth > MAX_DEPTH {
            return self.error("blocks nested too deeply");
        }
        let line = self.line();
        let Some(TokenKind::Identifier(name)) = self.peek() else {
            return self.error("a command was expected");
        };
        let name = name.clone();
        self.at += 1;
        let (arguments, tests) = self.arguments(depth)?;
        self.skip_comments();
        let block = match self.peek() {
            Some(TokenKind::Punct(';')) => {
                self.at += 1;
                None
            }
            Some(TokenKind::Punct('{')) => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    match self.peek() {
                        Some(TokenKind::Punct('}')) => {
                            self.at += 1;
                            break;
                        }
                        None => return self.error("a block is not closed"),
                        _ => items.push(self.item(depth + 1)?),
                    }
                }
                Some(items)
            }
            _ => return self.error("a command must end with ';' or a block"),
        };
        Ok(Command {
            name,
            line,
            arguments,
            tests,
            block,
        })
    }

    /// Arguments, then an optional test or test list.
    fn arguments(&mut self, depth: usize) -> Result<(Vec<Argument>, Vec<Test>), SyntaxError> {
        let mut arguments = Vec::new();
        loop {
            self.skip_comments();
            match self.peek() {
                Some(TokenKind::Tag(tag)) => {
                    arguments.push(Argument::Tag(tag.clone()));
                    self.at += 1;
                }
                Some(TokenKind::Number(n)) => {
                    arguments.push(Argument::Number(*n));
                    self.at += 1;
                }
                Some(TokenKind::String(s)) => {
                    arguments.push(Argument::Strings(vec![s.clone()]));
                    self.at += 1;
                }
                Some(TokenKind::Punct('[')) => {
                    self.at += 1;
                    arguments.push(Argument::Strings(self.string_list()?));
                }
                Some(TokenKind::Identifier(_)) => {
                    return Ok((arguments, vec![self.test(depth + 1)?]));
                }
                Some(TokenKind::Punct('(')) => {
                    self.at += 1;
                    let mut tests = Vec::new();
                    loop {
                        self.skip_comments();
                        tests.push(self.test(depth + 1)?);
                        self.skip_comments();
                        match self.peek() {
                            Some(TokenKind::Punct(',')) => self.at += 1,
                            Some(TokenKind::Punct(')')) => {
                                self.at += 1;
                                break;
                            }
                            _ => return self.error("',' or ')' was expected in a test list"),
                        }
                    }
                    return Ok((arguments, tests));
                }
                _ => return Ok((arguments, Vec::new())),
            }
        }
    }

    fn string_list(&mut self) -> Result<Vec<String>, SyntaxError> {
        let mut strings = Vec::new();
        loop {
            self.skip_comments();
            match self.peek() {
                Some(TokenKind::String(s)) => {
                    strings.push(s.clone());
                    self.at += 1;
                }
                _ => return self.error("a string was expected in a list"),
            }
            self.skip_comments();
            match self.peek() {
                Some(TokenKind::Punct(',')) => self.at += 1,
                Some(TokenKind::Punct(']')) => {
                    self.at += 1;
                    return Ok(strings);
                }
                _ => return self.error("',' or ']' was expected in a string list"),
            }
        }
    }

    fn test(&mut self, depth: usize) -> Result<Test, SyntaxError> {
        if depth > MAX_DEPTH {
            return self.error("tests nested too deeply");
        }
        let line = self.line();
        let Some(TokenKind::Identifier(name)) = self.peek() else {
            return self.error("a test was expected");
        };
        let name = name.clone();
        self.at += 1;
        let (arguments, tests) = self.arguments(depth)?;
        Ok(Test {
            name,
            line,
            arguments,
            tests,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sieve::lexer::tokenize;

    #[test]
    fn builds_the_tree() {
        let tokens = tokenize(
            "require [\"fileinto\"];\n# hi\nif not allof (size :over 1, exists \"x\") { stop; }",
        )
        .unwrap();
        let (items, error) = parse(&tokens);
        assert_eq!(error, None);
        assert_eq!(items.len(), 3);
        let Item::Command(command) = &items[2] else {
            panic!()
        };
        assert_eq!(command.name, "if");
        assert_eq!(command.line, 3);
        assert_eq!(command.tests[0].name, "not");
        assert_eq!(command.tests[0].tests[0].tests.len(), 2);
        assert_eq!(command.block.as_ref().map(Vec::len), Some(1));
    }

    #[test]
    fn refuses_bad_grammar_and_deep_nesting() {
        let deep = format!("if {}true {{ stop; }}", "not ".repeat(100));
        for bad in [
            "if",
            "if true {",
            "fileinto [\"a\" \"b\"];",
            "stop",
            "if true { ; }",
            &deep,
        ] {
            let (_, error) = parse(&tokenize(bad).unwrap());
            assert!(error.is_some(), "{bad:?}");
        }
    }
}
