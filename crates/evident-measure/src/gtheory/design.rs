//! Generalizability designs written with the facet letters p (examinee), r (rater) and
//! t (task): `x` crosses facets, `a:b` nests a within b, and parentheses group, as in
//! Brennan (2001): `p x r`, `p x t x r`, `r:p`, `p x (r:t)`.

use crate::MeasureError;
use crate::ratings::Facet;

/// Bit mask over the three facets: p = 1, r = 2, t = 4.
pub type Mask = u8;

/// The facet letters in mask bit order.
pub const LETTERS: [char; 3] = ['p', 'r', 't'];

/// Returns the mask bit of a facet letter.
pub fn bit(letter: char) -> Mask {
    match letter {
        'p' => 1,
        'r' => 2,
        _ => 4,
    }
}

/// Returns the ratings facet behind a design letter.
pub fn facet_of(letter: char) -> Facet {
    match letter {
        'p' => Facet::Examinee,
        'r' => Facet::Rater,
        _ => Facet::Task,
    }
}

/// A parsed design: which facets it has and which facets each one is nested in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Design {
    /// The design as written.
    pub text: String,
    /// Facet letters in order of appearance.
    pub letters: Vec<char>,
    /// For each letter in `LETTERS` order, the mask of facets it is nested in (transitive).
    pub nested_in: [Mask; 3],
}

/// One variance component: a set of facets closed under nesting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    /// Facets whose joint levels define the component's levels.
    pub mask: Mask,
    /// Brennan's notation, for example `pr:t`.
    pub name: String,
}

impl Design {
    /// Parses a design such as `p x (r:t)`.
    pub fn parse(text: &str) -> Result<Design, MeasureError> {
        let tokens: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '×' | '*' | 'X' => 'x',
                other => other.to_ascii_lowercase(),
            })
            .collect();
        let mut parser = Parser {
            text,
            tokens: &tokens,
            position: 0,
            seen: Vec::new(),
            nested_in: [0; 3],
        };
        let mask = parser.expression()?;
        if parser.position != tokens.len() {
            return Err(invalid(
                text,
                &format!("unexpected `{}`", tokens[parser.position]),
            ));
        }
        if mask & bit('p') == 0 {
            return Err(invalid(
                text,
                "the design must contain p, the examinees being measured",
            ));
        }
        if parser.seen.len() < 2 {
            return Err(invalid(
                text,
                "a design needs p and at least one of r and t",
            ));
        }
        if parser.nested_in[0] != 0 {
            return Err(invalid(
                text,
                "p is the object of measurement and cannot be nested in another facet",
            ));
        }
        let mut nested_in = parser.nested_in;
        for _ in 0..3 {
            for i in 0..3 {
                let mut closure = nested_in[i];
                for (j, &letter) in LETTERS.iter().enumerate() {
                    if nested_in[i] & bit(letter) != 0 {
                        closure |= nested_in[j];
                    }
                }
                nested_in[i] = closure;
            }
        }
        for (i, &letter) in LETTERS.iter().enumerate() {
            if nested_in[i] & bit(letter) != 0 {
                return Err(invalid(text, &format!("{letter} is nested in itself")));
            }
        }
        Ok(Design {
            text: text.to_string(),
            letters: parser.seen,
            nested_in,
        })
    }

    /// Returns the mask of all facets in the design.
    pub fn mask(&self) -> Mask {
        self.letters.iter().map(|&l| bit(l)).fold(0, |a, b| a | b)
    }

    /// Returns the facets a mask is nested in.
    fn nesters(&self, mask: Mask) -> Mask {
        LETTERS
            .iter()
            .enumerate()
            .filter(|(_, l)| mask & bit(**l) != 0)
            .fold(0, |acc, (i, _)| acc | self.nested_in[i])
    }

    /// Returns the variance components of the design: every distinct closure under nesting
    /// of a non-empty set of facets, smallest first.
    pub fn effects(&self) -> Vec<Effect> {
        let all = self.mask();
        let mut masks: Vec<Mask> = (1..=all)
            .filter(|m| m & !all == 0)
            .map(|m| m | self.nesters(m))
            .collect();
        masks.sort_by_key(|&m| (m.count_ones(), self.order_key(m)));
        masks.dedup();
        masks
            .into_iter()
            .map(|mask| Effect {
                mask,
                name: self.name(mask),
            })
            .collect()
    }

    fn order_key(&self, mask: Mask) -> Vec<usize> {
        self.letters
            .iter()
            .enumerate()
            .filter(|(_, l)| mask & bit(**l) != 0)
            .map(|(i, _)| i)
            .collect()
    }

    /// Brennan's name of a component: its primary facets, then `:` and the facets they are
    /// nested in.
    pub fn name(&self, mask: Mask) -> String {
        let nesters = self.nesters(mask);
        let letters = |keep: &dyn Fn(Mask) -> bool| -> String {
            self.letters
                .iter()
                .filter(|&&l| mask & bit(l) != 0 && keep(bit(l)))
                .collect()
        };
        let primary = letters(&|b| nesters & b == 0);
        let nesting = letters(&|b| nesters & b != 0);
        if nesting.is_empty() {
            primary
        } else {
            format!("{primary}:{nesting}")
        }
    }
}

fn invalid(text: &str, reason: &str) -> MeasureError {
    MeasureError::InvalidDesign {
        design: text.to_string(),
        reason: reason.to_string(),
    }
}

struct Parser<'a> {
    text: &'a str,
    tokens: &'a [char],
    position: usize,
    seen: Vec<char>,
    nested_in: [Mask; 3],
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.tokens.get(self.position).copied()
    }

    /// expression := nesting ('x' nesting)*
    fn expression(&mut self) -> Result<Mask, MeasureError> {
        let mut mask = self.nesting()?;
        while self.peek() == Some('x') {
            self.position += 1;
            mask |= self.nesting()?;
        }
        Ok(mask)
    }

    /// nesting := primary (':' primary)*, where `a:b` nests every facet of a in every facet of b.
    fn nesting(&mut self) -> Result<Mask, MeasureError> {
        let mut inner = self.primary()?;
        while self.peek() == Some(':') {
            self.position += 1;
            let outer = self.primary()?;
            for (i, &letter) in LETTERS.iter().enumerate() {
                if inner & bit(letter) != 0 {
                    self.nested_in[i] |= outer;
                }
            }
            inner |= outer;
        }
        Ok(inner)
    }

    /// primary := 'p' | 'r' | 't' | '(' expression ')'
    fn primary(&mut self) -> Result<Mask, MeasureError> {
        match self.peek() {
            Some('(') => {
                self.position += 1;
                let mask = self.expression()?;
                if self.peek() != Some(')') {
                    return Err(invalid(self.text, "missing `)`"));
                }
                self.position += 1;
                Ok(mask)
            }
            Some(letter @ ('p' | 'r' | 't')) => {
                self.position += 1;
                if self.seen.contains(&letter) {
                    return Err(invalid(self.text, &format!("facet {letter} appears twice")));
                }
                self.seen.push(letter);
                Ok(bit(letter))
            }
            Some(other) => Err(invalid(
                self.text,
                &format!("unexpected `{other}`; facets are p, r and t"),
            )),
            None => Err(invalid(self.text, "the design ends too early")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(design: &str) -> Vec<String> {
        Design::parse(design)
            .unwrap()
            .effects()
            .into_iter()
            .map(|e| e.name)
            .collect()
    }

    #[test]
    fn crossed_three_facet_design_has_seven_components() {
        assert_eq!(names("p x t x r"), ["p", "t", "r", "pt", "pr", "tr", "ptr"]);
    }

    #[test]
    fn raters_nested_in_tasks_follow_brennan() {
        assert_eq!(names("p x (r:t)"), ["p", "t", "pt", "r:t", "pr:t"]);
    }

    #[test]
    fn raters_nested_in_persons_have_two_components() {
        assert_eq!(names("r:p"), ["p", "r:p"]);
    }

    #[test]
    fn design_without_p_is_rejected() {
        assert!(Design::parse("r x t").is_err());
    }

    #[test]
    fn unbalanced_parenthesis_is_rejected() {
        assert!(Design::parse("p x (r:t").is_err());
    }
}
