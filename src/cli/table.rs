//! Tables in text output: every column as wide as its widest cell, the headers over
//! their columns, and lines kept within the width of the terminal (a fixed width when
//! standard output is not one) by cutting the longest cells with an ellipsis.

use std::io::IsTerminal;

use super::output::escaped;

/// The width of a line when standard output is not a terminal.
pub const FIXED_WIDTH: usize = 120;

/// A table's columns can be cut no narrower than this.
const NARROWEST: usize = 8;

/// How a column's cells sit in it.
#[derive(Clone, Copy)]
pub enum Align {
    Left,
    Right,
}

/// A column: its header, alignment, and whether long cells may be cut to fit.
pub struct Column {
    pub header: &'static str,
    pub align: Align,
    pub cut: bool,
}

/// Rows of text cells under a header.
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Self {
        Table {
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row, its cells escaped for the terminal.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows
            .push(cells.iter().map(|c| escaped(c).into_owned()).collect());
    }

    /// The table in lines of at most `width` characters where cutting the columns that
    /// may be cut (to no fewer than [`NARROWEST`]) makes it fit.
    pub fn render(&self, width: usize) -> String {
        let mut widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (self.rows.iter().map(|r| chars(&r[i])))
                    .chain([chars(c.header)])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line_width = |widths: &[usize]| widths.iter().sum::<usize>() + widths.len() - 1;
        while line_width(&widths) > width {
            let widest = (0..widths.len())
                .filter(|&i| self.columns[i].cut && widths[i] > NARROWEST)
                .max_by_key(|&i| widths[i]);
            match widest {
                Some(i) => widths[i] -= 1,
                None => break,
            }
        }
        let headers: Vec<String> = self.columns.iter().map(|c| c.header.to_owned()).collect();
        let mut out = String::new();
        for cells in std::iter::once(&headers).chain(&self.rows) {
            let line: Vec<String> = cells
                .iter()
                .zip(&self.columns)
                .zip(&widths)
                .map(|((cell, column), &width)| pad(&cut(cell, width), width, column.align))
                .collect();
            out += line.join(" ").trim_end();
            out.push('\n');
        }
        out
    }
}

/// The width to render tables in: the terminal's, else [`FIXED_WIDTH`].
pub fn output_width() -> usize {
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return FIXED_WIDTH;
    }
    match rustix::termios::tcgetwinsize(&stdout) {
        Ok(size) if size.ws_col > 0 => usize::from(size.ws_col),
        _ => FIXED_WIDTH,
    }
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// `text` cut to `width` characters, its last one an ellipsis when cut.
fn cut(text: &str, width: usize) -> String {
    if chars(text) <= width {
        return text.to_owned();
    }
    let kept: String = text.chars().take(width - 1).collect();
    kept.trim_end().to_owned() + "…"
}

fn pad(text: &str, width: usize, align: Align) -> String {
    let fill = " ".repeat(width - chars(text));
    match align {
        Align::Left => format!("{text}{fill}"),
        Align::Right => format!("{fill}{text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut table = Table::new(vec![
            Column {
                header: "CC",
                align: Align::Left,
                cut: false,
            },
            Column {
                header: "NAME",
                align: Align::Left,
                cut: true,
            },
            Column {
                header: "N",
                align: Align::Right,
                cut: false,
            },
        ]);
        table.row(vec![
            "FR".into(),
            "Ministère de l'Intérieur".into(),
            "12".into(),
        ]);
        table.row(vec!["DE".into(), "BWL".into(), "3".into()]);
        table
    }

    #[test]
    fn columns_are_as_wide_as_their_widest_cell_and_headers_sit_over_them() {
        assert_eq!(
            table().render(80),
            "CC NAME                      N\n\
             FR Ministère de l'Intérieur 12\n\
             DE BWL                       3\n"
        );
    }

    #[test]
    fn a_long_cell_is_cut_with_an_ellipsis_to_fit_the_width() {
        let text = table().render(20);
        assert_eq!(
            text,
            "CC NAME            N\n\
             FR Ministère de…  12\n\
             DE BWL             3\n"
        );
        assert!(text.lines().all(|l| l.chars().count() <= 20), "{text}");
    }
}
