//! The day ages are counted on: `--election-date`, else the configuration's
//! `election-date`, else today with a warning; every summary says which date was used
//! and where it came from. A person who is 15 today and 16 on polling day is a voter.

mod common;

use std::fs;

use common::exchange::pair;
use common::{Epct, ExitCode, Run, status};
use time::{Date, Duration, OffsetDateTime};

const HEADER: &str = "record_type,surname,given_names,date_of_birth,place_of_birth,nationality,\
                      residence_country,residence_address,home_locality,home_address,\
                      registration_date";

/// Today in UTC, as epct counts it.
fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// Polling day: thirty days from today.
fn polling_day() -> Date {
    today() + Duration::days(30)
}

/// A file of one FR national resident in BE who turns 16 ten days from today: 15 today,
/// 16 on polling day.
fn teen_file(env: &Epct, name: &str) -> std::path::PathBuf {
    let birthday = today() + Duration::days(10);
    let born = birthday
        .replace_year(birthday.year() - 16)
        .unwrap_or_else(|_| {
            Date::from_calendar_date(birthday.year() - 16, time::Month::March, 1).unwrap()
        });
    env.file(
        name,
        format!(
            "{HEADER}\nvoter,Martin,Léa,{born},Lyon,FR,BE,Rue de la Loi 1,Lyon,,{}\n",
            today()
        ),
    )
}

fn configured(env: &Epct, date: Date) -> std::path::PathBuf {
    env.write_default_config(&format!("election-date = \"{date}\"\n"))
}

#[test]
fn a_teen_sixteen_on_the_configured_election_date_is_accepted_and_refused_without_it() {
    let env = Epct::new();
    let file = teen_file(&env, "teen.csv");
    let config = configured(&env, polling_day());

    let out = env
        .epct_without_pin()
        .args(["data", "validate"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!(
            "election date {} (election-date in {})",
            polling_day(),
            config.display()
        )),
        "{stdout}"
    );
    let report = env
        .epct_without_pin()
        .args(["data", "validate"])
        .arg(&file)
        .json();
    assert_eq!(report["election_date"]["date"], polling_day().to_string());
    assert_eq!(report["election_date"]["source"], "file");
    assert_eq!(
        report["summary"]["election_date"],
        polling_day().to_string()
    );

    fs::remove_file(&config).unwrap();
    let out = env
        .epct_without_pin()
        .args(["data", "validate"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::InvalidData)),
        "{stdout}"
    );
    assert!(stdout.contains("error: line 2"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "election date {} (today's date: none was set)",
            today()
        )),
        "{stdout}"
    );
    assert!(
        stderr.starts_with(&format!(
            "warning: no election date is set: ages are counted on today's date, {}; give --election-date YYYY-MM-DD, or set election-date = \"YYYY-MM-DD\" in {}",
            today(),
            config.display()
        )),
        "{stderr}"
    );
    let report = env
        .epct_without_pin()
        .args(["data", "validate"])
        .arg(&file)
        .json_exiting(ExitCode::InvalidData);
    assert_eq!(report["election_date"]["source"], "default");
    assert_eq!(report["election_date"]["date"], today().to_string());
}

#[test]
fn the_flag_beats_the_configuration() {
    let env = Epct::new();
    let file = teen_file(&env, "teen.csv");
    configured(&env, polling_day());
    let report = env
        .epct_without_pin()
        .args(["data", "validate", "--election-date"])
        .arg(today().to_string())
        .arg(&file)
        .json_exiting(ExitCode::InvalidData);
    assert_eq!(report["election_date"]["source"], "flag");
    assert_eq!(report["election_date"]["date"], today().to_string());
    let out = env
        .epct_without_pin()
        .args(["data", "validate", "--election-date"])
        .arg(today().to_string())
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("warning"), "no warning: {stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(&format!("election date {} (--election-date)", today())),
        "{stdout}"
    );
}

#[test]
fn a_bad_date_in_the_configuration_or_the_flag_is_one_line_naming_it() {
    let env = Epct::new();
    let file = teen_file(&env, "teen.csv");
    let config = env.write_default_config("election-date = \"2029-13-40\"\n");
    env.epct_without_pin()
        .args(["data", "validate"])
        .arg(&file)
        .fails(
            ExitCode::Usage,
            &format!(
                "error: election-date = \"2029-13-40\" in {} is not a date; write it as YYYY-MM-DD",
                config.display()
            ),
        );
    env.epct_without_pin()
        .args(["data", "validate", "--election-date", "7.6.2029"])
        .arg(&file)
        .fails(
            ExitCode::Usage,
            "error: --election-date '7.6.2029' is not a date; write it as YYYY-MM-DD",
        );
    let json = env
        .epct_without_pin()
        .args(["data", "validate"])
        .arg(&file)
        .json_exiting(ExitCode::Usage);
    assert_eq!(json["error"]["kind"], "usage");
}

#[test]
fn exchange_send_counts_ages_on_the_configured_date_and_says_so() {
    let exchange = pair(2);
    let env = &exchange.env;
    teen_file(env, "teen.csv");
    let config = configured(env, polling_day());

    let sent = exchange.send("teen.csv").json();
    assert_eq!(sent["election_date"]["date"], polling_day().to_string());
    assert_eq!(sent["election_date"]["source"], "file");
    assert_eq!(sent["sent_rows"], 1);
    let out = exchange.send("teen.csv").arg("--force").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "  election date {} (election-date in {})",
            polling_day(),
            config.display()
        )),
        "{stdout}"
    );

    // Without the configuration the teen is refused, with the warning, before the PIN
    // is asked; nothing is written.
    fs::remove_file(&config).unwrap();
    let out = exchange
        .epct()
        .args([
            "--token", "BE", "exchange", "send", "teen.csv", "--key", "be",
        ])
        .args(["--out-dir", "out-today"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::InvalidData)),
        "{stderr}"
    );
    assert!(
        stderr.starts_with("warning: no election date is set: ages are counted on today's date"),
        "{stderr}"
    );
    let written = fs::read_dir(env.path("out-today")).map_or(0, |d| d.count());
    assert_eq!(written, 0, "nothing in the output directory");
}

#[test]
fn a_bad_configured_date_stops_exchange_send_before_anything_is_written() {
    let exchange = pair(2);
    let env = &exchange.env;
    let config = env.write_default_config("election-date = \"June 7\"\n");
    exchange
        .epct()
        .args(["--token", "BE", "exchange", "send", "be.csv", "--key", "be"])
        .args(["--out-dir", "out-bad"])
        .fails(
            ExitCode::Usage,
            &format!(
                "election-date = \"June 7\" in {} is not a date",
                config.display()
            ),
        );
    assert!(!env.path("out-bad").exists());
}

#[test]
fn seal_of_a_data_file_says_the_election_date_it_counted_ages_on() {
    let exchange = pair(2);
    let env = &exchange.env;
    teen_file(env, "teen.csv");
    configured(env, polling_day());
    let sealed = exchange
        .epct()
        .args([
            "--token", "BE", "seal", "teen.csv", "--to", "FR", "--key", "be",
        ])
        .args(["--out", "teen.p7m"])
        .json();
    assert_eq!(sealed["validation"]["status"], "valid");
    assert_eq!(sealed["validation"]["election_date"]["source"], "file");
    assert_eq!(
        sealed["validation"]["election_date"]["date"],
        polling_day().to_string()
    );
}
