//! Stable ids: UUID v5 of what an attempt or a track completion is, so that the same attempt,
//! built again on any machine (the player's app, the workshop server), has the same statement
//! ids, and an LRS that already has them stores nothing twice.

use uuid::Uuid;

/// Dealcraft's UUID v5 namespace. Never change it: every id sent so far derives from it.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6d1f_3c2a_8b4e_4f7a_9c0d_2e5b_7a61_f0c3);

/// One attempt: the player (names compare in any ASCII case, as on the boards) and the play
/// itself (`dealcraft_store::moves_hash`: scenario, seed, rubric and moves). The same player
/// playing the same moves on the same seed is the same attempt, as the store treats a resent
/// workshop submission.
pub fn attempt_registration(player: &str, moves_hash: &str) -> Uuid {
    let name = format!(
        "attempt\n{}\n{moves_hash}",
        player.trim().to_ascii_lowercase()
    );
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// A player's completion of a track.
pub fn track_registration(player: &str, track: &str) -> Uuid {
    let name = format!("track\n{}\n{track}", player.trim().to_ascii_lowercase());
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// The statement of `verb` (`initialized`, `passed`, ...) in a registration.
pub fn statement_id(registration: Uuid, verb: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{registration}/{verb}").as_bytes())
}

/// A workshop, by what makes it the one it is: its name, when it was made, and what it plays.
pub fn workshop_id(name: &str, created_at: i64, scenario_hash: &str, seed: u64) -> Uuid {
    let text = format!("workshop\n{name}\n{created_at}\n{scenario_hash}\n{seed}");
    Uuid::new_v5(&NAMESPACE, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v5_stable_and_distinct() {
        let a = attempt_registration("Ann", "abc");
        assert_eq!(
            a,
            attempt_registration(" ann ", "abc"),
            "ASCII case and spaces ignored"
        );
        assert_ne!(a, attempt_registration("Bo", "abc"));
        assert_ne!(a, attempt_registration("Ann", "abd"));
        assert_eq!(a.get_version_num(), 5);
        assert_ne!(statement_id(a, "passed"), statement_id(a, "failed"));
        assert_ne!(
            track_registration("Ann", "t"),
            attempt_registration("Ann", "t")
        );
        // Fixed forever: a change here would resend every statement under new ids.
        assert_eq!(
            statement_id(attempt_registration("Ann", "0"), "initialized").to_string(),
            "455501f9-cbda-54f2-a4ee-5c1ca5d4b8a9"
        );
    }
}
