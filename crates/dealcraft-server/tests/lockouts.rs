//! Code guessing: wrong codes lock out only the address that sent them, for longer each time;
//! the trainer sees the lockouts and lifts them with the token `dealcraft serve` printed.

mod common;

use std::time::Duration;

use common::{CODE, TOKEN, request_from, start_with, submission};
use dealcraft_core::bots::BotKind;
use serde_json::Value;

const GUESSER: &str = "127.0.0.2";
const PLAYER: &str = "127.0.0.1";

fn workshop_from(srv: &common::Running, from: &str, code: &str) -> (u16, String, String) {
    request_from(
        from,
        srv.addr(),
        "GET",
        "/api/workshop",
        &[("X-Workshop-Code", code)],
        "",
    )
}

fn admin(srv: &common::Running, method: &str, path: &str, token: Option<&str>) -> (u16, Value) {
    let headers: Vec<(&str, &str)> = token.map(|t| ("X-Trainer-Token", t)).into_iter().collect();
    let (status, _, body) = request_from(PLAYER, srv.addr(), method, path, &headers, "");
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

#[test]
fn wrong_codes_lock_out_only_that_address_and_the_trainer_lifts_it() {
    let srv = start_with(|c| c);
    for i in 0..20 {
        let (status, _, body) = workshop_from(&srv, GUESSER, &format!("guess-{i}"));
        assert_eq!(status, 403, "{body}");
    }
    // The guesser is locked out, even with the right code...
    let (status, head, body) = workshop_from(&srv, GUESSER, CODE);
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("ask the trainer"), "{body}");
    let retry: u64 = common::header(&head, "retry-after")
        .unwrap()
        .parse()
        .unwrap();
    assert!((55..=60).contains(&retry), "{head}");
    // ...while the player next door joins and submits with it.
    assert_eq!(workshop_from(&srv, PLAYER, CODE).0, 200);
    let body = submission("Ann", BotKind::Textbook);
    let (status, _, reply) = request_from(PLAYER, srv.addr(), "POST", "/api/attempts", &[], &body);
    assert_eq!(status, 201, "{reply}");

    // The trainer's view needs the token.
    assert_eq!(admin(&srv, "GET", "/api/admin/lockouts", None).0, 401);
    assert_eq!(
        admin(&srv, "GET", "/api/admin/lockouts", Some("guess")).0,
        403
    );
    let (status, list) = admin(&srv, "GET", "/api/admin/lockouts", Some(TOKEN));
    assert_eq!(status, 200, "{list}");
    let locked = &list["lockouts"][0];
    assert_eq!(locked["address"], GUESSER, "{list}");
    assert_eq!(locked["lockouts"], 1, "{list}");
    assert!(locked["locked_for"].as_u64().unwrap() > 50, "{list}");
    assert_eq!(
        list["lockouts"].as_array().unwrap().len(),
        1,
        "only the guesser: {list}"
    );
    // Lifted, the guesser's address may join again.
    let lift = format!("/api/admin/lockouts/{GUESSER}");
    assert_eq!(admin(&srv, "DELETE", &lift, None).0, 401);
    assert_eq!(admin(&srv, "DELETE", &lift, Some(TOKEN)).0, 200);
    assert_eq!(workshop_from(&srv, GUESSER, CODE).0, 200);
    assert_eq!(admin(&srv, "DELETE", &lift, Some(TOKEN)).0, 404);
    assert_eq!(
        admin(&srv, "DELETE", "/api/admin/lockouts/nope", Some(TOKEN)).0,
        400
    );
}

#[test]
fn a_second_lockout_lasts_twice_as_long() {
    let srv = start_with(|mut c| {
        c.limits.lockout = Duration::from_secs(1);
        c
    });
    let guess_20 = || {
        for i in 0..20 {
            assert_eq!(workshop_from(&srv, GUESSER, &format!("g{i}")).0, 403);
        }
    };
    guess_20();
    let (status, head, _) = workshop_from(&srv, GUESSER, CODE);
    assert_eq!(
        (status, common::header(&head, "retry-after")),
        (429, Some("1"))
    );
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(
        workshop_from(&srv, GUESSER, CODE).0,
        200,
        "the first lockout is over"
    );
    guess_20();
    let (status, head, _) = workshop_from(&srv, GUESSER, CODE);
    assert_eq!(
        (status, common::header(&head, "retry-after")),
        (429, Some("2"))
    );
    let (_, list) = admin(&srv, "GET", "/api/admin/lockouts", Some(TOKEN));
    assert_eq!(list["lockouts"][0]["lockouts"], 2, "{list}");
}
