//! The exchange's folders under the platform's root, and the access rules an
//! administrator sets on them (docs/platform.md):
//! - `<TO>/<FROM>/` holds what FROM sends TO, and FROM's manifest entries for TO;
//! - `<TO>/<FROM>/receipts/` holds the receipts TO returns to FROM;
//! - FROM and TO read and write `<TO>/<FROM>/`, TO lists `<TO>/`, nobody else reads
//!   anything.

use crate::country::Country;

use super::path::RemotePath;

/// The name of the receipts folder inside each `<TO>/<FROM>/`.
pub const RECEIPTS: &str = "receipts";

/// `<TO>/`: the folder of everything sent to `to`.
pub fn inbox(to: Country) -> RemotePath {
    RemotePath::root().join(to.code())
}

/// `<TO>/<FROM>/`: what `from` sends `to`.
pub fn folder(to: Country, from: Country) -> RemotePath {
    inbox(to).join(from.code())
}

/// `<TO>/<FROM>/receipts/`: the receipts `to` returns to `from`.
pub fn receipts(to: Country, from: Country) -> RemotePath {
    folder(to, from).join(RECEIPTS)
}

/// Every folder of an exchange between `states`, parents first, as paths relative to
/// the root ending in `/`.
pub fn folders(states: &[Country]) -> Vec<String> {
    let mut folders = Vec::new();
    for &to in states {
        folders.push(format!("{to}/"));
        for &from in states.iter().filter(|&&s| s != to) {
            folders.push(format!("{to}/{from}/"));
            folders.push(format!("{to}/{from}/{RECEIPTS}/"));
        }
    }
    folders
}

/// Apache httpd (mod_dav, mod_auth_basic, mod_authz_core) rules for the exchange under
/// the URL path `root` (as `/dav`), with one account per state named by its code in
/// `htpasswd`. Each `<Location>` replaces the rules of the shorter ones, so the most
/// specific folder decides.
pub fn apache_rules(states: &[Country], root: &str, htpasswd: &str) -> String {
    let root = root.trim_end_matches('/');
    let top = if root.is_empty() { "/" } else { root };
    let mut rules = format!(
        "# The exchange platform of epct (epct exchange platform-layout).\n\
         # One account per state, named by its code, in {htpasswd}.\n\
         <Location \"{top}\">\n    \
             Dav On\n    \
             AuthType Basic\n    \
             AuthName \"epct exchange\"\n    \
             AuthBasicProvider file\n    \
             AuthUserFile \"{htpasswd}\"\n    \
             # An authenticated account without permission gets 403, not 401.\n    \
             AuthzSendForbiddenOnFailure On\n    \
             # Nobody reads the root.\n    \
             Require all denied\n\
         </Location>\n"
    );
    for &to in states {
        rules.push_str(&format!(
            "# {to} lists what was sent to it, and changes nothing there.\n\
             <Location \"{root}/{to}\">\n    \
                 <RequireAll>\n        \
                     Require user {to}\n        \
                     Require method GET HEAD OPTIONS PROPFIND\n    \
                 </RequireAll>\n\
             </Location>\n"
        ));
        for &from in states.iter().filter(|&&s| s != to) {
            rules.push_str(&format!(
                "# What {from} sends {to}, and {to}'s receipts: theirs alone.\n\
                 <Location \"{root}/{to}/{from}\">\n    \
                     Require user {to} {from}\n\
                 </Location>\n"
            ));
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    fn states() -> Vec<Country> {
        ["BE", "FR"].iter().map(|c| c.parse().unwrap()).collect()
    }

    #[test]
    fn every_pair_has_its_folder_and_receipts_and_every_state_its_inbox() {
        assert_eq!(
            folders(&states()),
            [
                "BE/",
                "BE/FR/",
                "BE/FR/receipts/",
                "FR/",
                "FR/BE/",
                "FR/BE/receipts/"
            ]
        );
        let [be, fr] = [states()[0], states()[1]];
        assert_eq!(
            receipts(fr, be),
            RemotePath::root().join("FR").join("BE").join("receipts")
        );
    }

    #[test]
    fn the_rules_give_each_folder_to_its_two_states_and_the_root_to_nobody() {
        let rules = apache_rules(&states(), "/dav/", "/etc/apache2/epct.htpasswd");
        assert!(rules.contains("<Location \"/dav\">"));
        assert!(rules.contains("AuthzSendForbiddenOnFailure On"));
        assert!(rules.contains("<Location \"/dav/FR/BE\">\n    Require user FR BE\n"));
        assert!(rules.contains("<Location \"/dav/BE/FR\">\n    Require user BE FR\n"));
        assert_eq!(
            rules
                .matches("Require method GET HEAD OPTIONS PROPFIND")
                .count(),
            2
        );
    }
}
