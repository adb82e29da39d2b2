//! Which column of the home state's roll holds what: `--columns
//! id=ROLL_ID,surname=NOM,...` or the configuration's `[match-columns]`, checked
//! against the roll's header before anything is read or written.

use std::collections::BTreeMap;
use std::path::Path;

use super::MatchError;

/// What matching reads from a roll entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RollField {
    Id,
    Surname,
    GivenNames,
    DateOfBirth,
    BirthSurname,
    PlaceOfBirth,
    SurnameOriginal,
    GivenNamesOriginal,
}

impl RollField {
    pub const ALL: [RollField; 8] = [
        RollField::Id,
        RollField::Surname,
        RollField::GivenNames,
        RollField::DateOfBirth,
        RollField::BirthSurname,
        RollField::PlaceOfBirth,
        RollField::SurnameOriginal,
        RollField::GivenNamesOriginal,
    ];

    /// The key as `--columns` writes it.
    pub fn key(self) -> &'static str {
        match self {
            RollField::Id => "id",
            RollField::Surname => "surname",
            RollField::GivenNames => "given_names",
            RollField::DateOfBirth => "date_of_birth",
            RollField::BirthSurname => "birth_surname",
            RollField::PlaceOfBirth => "place_of_birth",
            RollField::SurnameOriginal => "surname_original",
            RollField::GivenNamesOriginal => "given_names_original",
        }
    }

    /// The fields every roll must map.
    pub fn is_required(self) -> bool {
        matches!(
            self,
            RollField::Id | RollField::Surname | RollField::GivenNames | RollField::DateOfBirth
        )
    }
}

/// The roll's column name for each field mapped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnMap(BTreeMap<RollField, String>);

impl ColumnMap {
    /// Parses `id=ROLL_ID,surname=NOM,...`.
    pub fn parse(text: &str) -> Result<ColumnMap, MatchError> {
        let pairs = text
            .split(',')
            .filter(|p| !p.trim().is_empty())
            .map(|pair| {
                pair.split_once('=')
                    .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                    .ok_or_else(|| MatchError::ColumnsSyntax {
                        pair: pair.to_owned(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        ColumnMap::from_pairs(pairs)
    }

    /// From key and column-name pairs (the configuration's table); an unknown key is an
    /// error, not a typo ignored.
    pub fn from_pairs(
        pairs: impl IntoIterator<Item = (String, String)>,
    ) -> Result<ColumnMap, MatchError> {
        let mut map = BTreeMap::new();
        for (key, column) in pairs {
            let field = RollField::ALL
                .into_iter()
                .find(|f| f.key().eq_ignore_ascii_case(key.trim()))
                .ok_or_else(|| MatchError::UnknownColumnKey { key: key.clone() })?;
            if column.trim().is_empty() {
                return Err(MatchError::ColumnsSyntax {
                    pair: format!("{key}="),
                });
            }
            map.insert(field, column.trim().to_owned());
        }
        for field in RollField::ALL.into_iter().filter(|f| f.is_required()) {
            if !map.contains_key(&field) {
                return Err(MatchError::ColumnNotMapped { key: field.key() });
            }
        }
        Ok(ColumnMap(map))
    }

    /// Where each mapped field is in the roll's `header` (names compared without case);
    /// an error naming every mapped column the header lacks.
    pub(crate) fn locate<'h>(
        &self,
        roll: &Path,
        header: impl Iterator<Item = &'h str> + Clone,
    ) -> Result<Located, MatchError> {
        let mut located = Located::default();
        let mut missing = Vec::new();
        for (&field, column) in &self.0 {
            match header
                .clone()
                .position(|h| h.trim().eq_ignore_ascii_case(column))
            {
                Some(index) => located.0[field as usize] = Some(index),
                None => missing.push(format!("{column} ({})", field.key())),
            }
        }
        if missing.is_empty() {
            Ok(located)
        } else {
            Err(MatchError::RollColumnsMissing {
                roll: roll.to_owned(),
                missing: missing.join(", "),
                header: header.collect::<Vec<_>>().join(","),
            })
        }
    }
}

/// The index in the roll's rows of each mapped field.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Located([Option<usize>; 8]);

impl Located {
    pub(crate) fn get(&self, field: RollField) -> Option<usize> {
        self.0[field as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_mapped_by_key() {
        let map = ColumnMap::parse(
            "id=ROLL_ID, surname=NOM,given_names=PRENOMS,date_of_birth=NE_LE,birth_surname=NOM_NAISSANCE",
        )
        .unwrap();
        let header = ["ne_le", "ROLL_ID", "PRENOMS", "NOM", "NOM_NAISSANCE"];
        let located = map
            .locate(Path::new("roll.csv"), header.iter().copied())
            .unwrap();
        assert_eq!(located.get(RollField::Id), Some(1));
        assert_eq!(located.get(RollField::DateOfBirth), Some(0));
        assert_eq!(located.get(RollField::PlaceOfBirth), None);
    }

    #[test]
    fn unknown_and_missing_keys_are_refused() {
        assert!(matches!(
            ColumnMap::parse("id=A,surname=B,given_names=C,date_of_birth=D,nickname=E"),
            Err(MatchError::UnknownColumnKey { key }) if key == "nickname"
        ));
        assert!(matches!(
            ColumnMap::parse("id=A,surname=B,given_names=C"),
            Err(MatchError::ColumnNotMapped {
                key: "date_of_birth"
            })
        ));
        assert!(matches!(
            ColumnMap::parse("id=A,surname"),
            Err(MatchError::ColumnsSyntax { .. })
        ));
        let map = ColumnMap::parse("id=A,surname=B,given_names=C,date_of_birth=D").unwrap();
        assert!(matches!(
            map.locate(Path::new("roll.csv"), ["A", "B"].into_iter()),
            Err(MatchError::RollColumnsMissing { missing, .. }) if missing == "C (given_names), D (date_of_birth)"
        ));
    }
}
