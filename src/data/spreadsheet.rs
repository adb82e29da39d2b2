//! Cells that a spreadsheet would run as a formula, and how epct keeps them inert in the
//! CSV files it writes itself (the OWASP "CSV injection" advice): a cell that begins
//! with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single quote in front, so
//! that the spreadsheet shows it as text.

use std::borrow::Cow;

/// Whether a spreadsheet could take `cell` for a formula.
pub fn formula_like(cell: &[u8]) -> bool {
    matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// `cell` as epct writes it into a CSV report: unchanged, or with a `'` in front when
/// it is [`formula_like`].
pub fn neutralise(cell: &[u8]) -> Cow<'_, [u8]> {
    if formula_like(cell) {
        let mut quoted = Vec::with_capacity(cell.len() + 1);
        quoted.push(b'\'');
        quoted.extend_from_slice(cell);
        Cow::Owned(quoted)
    } else {
        Cow::Borrowed(cell)
    }
}

/// Writes one record of a CSV report, every cell [`neutralise`]d.
pub fn write_report_record<W: std::io::Write, I, T>(
    writer: &mut csv::Writer<W>,
    cells: I,
) -> csv::Result<()>
where
    I: IntoIterator<Item = T>,
    T: AsRef<[u8]>,
{
    let cells: Vec<Vec<u8>> = cells
        .into_iter()
        .map(|c| neutralise(c.as_ref()).into_owned())
        .collect();
    writer.write_record(&cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_a_quote_in_front() {
        for cell in [
            "=cmd|' /C calc'!A0",
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            let written = neutralise(cell.as_bytes());
            assert_eq!(written.as_ref(), format!("'{cell}").as_bytes(), "{cell:?}");
        }
    }

    #[test]
    fn other_cells_stay_as_they_are() {
        for cell in ["", "Müller", "1970-05-01", "a=b", " =1", "'=1", "FR"] {
            assert!(
                matches!(neutralise(cell.as_bytes()), Cow::Borrowed(_)),
                "{cell}"
            );
        }
    }

    #[test]
    fn a_report_record_is_written_neutralised_and_quoted() {
        let mut writer = csv::Writer::from_writer(Vec::new());
        write_report_record(&mut writer, ["1", "=cmd|' /C calc'!A0", "a,b"]).unwrap();
        let written = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(written, "1,'=cmd|' /C calc'!A0,\"a,b\"\n");
    }
}
