//! The client's lines: a warning where a stock phrase will be said instead of the scenario's
//! own words (a silent fallback), and where written lines can never be said (dead text).
//!
//! Each rule mirrors the engine: when a line is said is decided in `session/*.rs`, and
//! `docs/scenario-format.md` ("When each line is said") states the same in the trainer's words.

use crate::moves::{AfterSale, QuestionKind, Technique};
use crate::phrases::{self, Phrase};
use crate::scenario::{Knowledge, Lang, Need, Objection, Scenario};
use crate::session::tuning::RESOLVE_STRENGTH;

use super::{Checker, Step};

/// Every warning about the client's lines in `sc`.
pub(super) fn check(c: &mut Checker, sc: &Scenario) {
    let lang = sc.language;
    for n in &sc.needs {
        let addressed = sc
            .product
            .features
            .iter()
            .any(|f| f.addresses.contains(&n.id));
        need(c, n, addressed, lang);
    }
    for o in &sc.objections {
        objection(c, o, lang);
    }
    for f in &sc.product.features {
        // The scenario's `seller.present` stands in for a missing pitch.
        if f.pitch.is_empty() && sc.seller.present.is_empty() {
            let stock = stock(lang, Phrase::Present, &[("feature", &f.name)]);
            c.warn(
                &[Step::Field("product"), Step::Field("features"), Step::Str(&f.id)],
                format!("feature `{}` has no `pitch`; the seller will say the stock \"{stock}\"", f.id),
                Some("write how a salesperson would present it, with a figure or a proof if you have one".into()),
            );
        }
    }
    client(c, sc, lang);
}

/// A phrasebook line as the client would say it, placeholders filled.
fn stock(lang: Lang, phrase: Phrase, args: &[(&str, &str)]) -> String {
    let text = phrases::variants(lang, phrase)[0];
    phrases::fill(text, args)
}

/// One line kind of one record: whether it is ever said, and if not, why.
struct Said<'a> {
    kind: &'a str,
    lines: &'a [String],
    /// `None` when the engine says these lines; otherwise why it never does.
    never: Option<String>,
    /// What is said when the list is empty and the moment comes.
    fallback: String,
}

/// Warns on a reachable moment without lines and on lines that are never said. `at` locates
/// the record that holds the `lines`; `field` names it for forms (`needs[x]`, `debt`, or empty
/// for the scenario's own `lines`).
fn report(c: &mut Checker, at: &[Step], field: &str, what: &str, said: &[Said]) {
    let dot = if field.is_empty() { "" } else { "." };
    for s in said {
        let name = format!("{field}{dot}lines.{}", s.kind);
        match (&s.never, s.lines.is_empty()) {
            (None, true) => c.warn_field(
                at,
                name,
                format!(
                    "{what} has no `{}` lines; the client will say the stock \"{}\"",
                    s.kind, s.fallback
                ),
                Some(format!("add `{}: [\"...\"]` to its `lines`", s.kind)),
            ),
            (Some(why), false) => {
                let mut path = at.to_vec();
                path.extend([Step::Field("lines"), Step::Field(s.kind)]);
                c.warn_field(
                    &path,
                    name,
                    format!("{what}: its `{}` lines are never said: {why}", s.kind),
                    Some("delete them, or change that setting so the moment can come".into()),
                );
            }
            _ => {}
        }
    }
}

fn need(c: &mut Checker, n: &Need, addressed: bool, lang: Lang) {
    let topic = [("topic", n.topic.as_str())];
    let situation = if !n.revealed_by.contains(&QuestionKind::Situation) {
        Some("`revealed_by` has no `Situation`, so no open situation question brings it up".into())
    } else if n.known > Knowledge::Hidden {
        Some(format!("it starts `{:?}`, already mentioned", n.known))
    } else {
        None
    };
    let problem = (n.known >= Knowledge::Implied)
        .then(|| format!("it starts `{:?}`, the problem already admitted", n.known));
    let later = if n.satisfied {
        Some("it is `satisfied`: the client never admits a problem with it".to_owned())
    } else {
        None
    };
    let implication = later
        .clone()
        .or_else(|| (n.known == Knowledge::Explicit).then(|| "it starts `Explicit`".to_owned()));
    let present = later.clone().or_else(|| {
        (!addressed).then(|| "no feature `addresses` it, so nothing is presented to it".to_owned())
    });
    let said = [
        Said {
            kind: "situation",
            lines: &n.lines.situation,
            never: situation,
            fallback: stock(lang, Phrase::NothingNew, &topic),
        },
        Said {
            kind: "problem",
            lines: &n.lines.problem,
            never: problem,
            fallback: stock(
                lang,
                if n.satisfied {
                    Phrase::NoPain
                } else {
                    Phrase::PresentGood
                },
                &topic,
            ),
        },
        Said {
            kind: "implication",
            lines: &n.lines.implication,
            never: implication,
            fallback: stock(lang, Phrase::PresentGood, &topic),
        },
        Said {
            kind: "need_payoff",
            lines: &n.lines.need_payoff,
            never: later,
            fallback: stock(lang, Phrase::PresentGood, &topic),
        },
        Said {
            kind: "present",
            lines: &n.lines.present,
            never: present,
            fallback: stock(lang, Phrase::PresentGood, &topic),
        },
    ];
    let what = format!("need `{}`", n.id);
    let field = format!("needs[{}]", n.id);
    report(
        c,
        &[Step::Field("needs"), Step::Str(&n.id)],
        &field,
        &what,
        &said,
    );
}

/// Whether answering the objection can leave some of it standing: a weakening technique, more
/// strength than one resolving answer removes, or a backfire that adds strength.
pub(crate) fn can_weaken(o: &Objection) -> bool {
    !o.weakens.is_empty() || i32::from(o.strength) > RESOLVE_STRENGTH || !o.backfires.is_empty()
}

fn objection(c: &mut Checker, o: &Objection, lang: Lang) {
    let topic = [("objection", o.topic.as_str())];
    let l = &o.lines;
    let said = [
        Said {
            kind: "raise",
            lines: &l.raise,
            never: None,
            fallback: stock(lang, Phrase::CloseObjectionOpen, &topic),
        },
        Said {
            kind: "clarify",
            lines: &l.clarify,
            never: o
                .backfires
                .contains(&Technique::Clarify)
                .then(|| "`Clarify` backfires, so the real reason never comes out".into()),
            fallback: stock(lang, Phrase::Clarified, &topic),
        },
        Said {
            kind: "weakened",
            lines: &l.weakened,
            never: (!can_weaken(o)).then(|| {
                format!(
                    "nothing weakens it (`weakens` is empty, `strength` {} goes at one answer, nothing backfires)",
                    o.strength
                )
            }),
            fallback: stock(lang, Phrase::Weakened, &topic),
        },
        Said {
            kind: "resolved",
            lines: &l.resolved,
            never: None,
            fallback: stock(lang, Phrase::Resolved, &topic),
        },
        Said {
            kind: "backfire",
            lines: &l.backfire,
            never: o
                .backfires
                .is_empty()
                .then(|| "`backfires` is empty".into()),
            fallback: stock(lang, Phrase::Backfire, &topic),
        },
        Said {
            kind: "doubt",
            lines: &l.doubt,
            never: (!o.returns).then(|| "`returns` is false, so it never comes back".into()),
            // A returning doubt without its own words repeats the objection.
            fallback: l
                .raise
                .first()
                .cloned()
                .unwrap_or_else(|| stock(lang, Phrase::CloseObjectionOpen, &topic)),
        },
    ];
    let what = format!("objection `{}`", o.id);
    let field = format!("objections[{}]", o.id);
    report(
        c,
        &[Step::Field("objections"), Step::Str(&o.id)],
        &field,
        &what,
        &said,
    );
}

/// The client's own lines, the counter-offers, the follow-up reactions and the debt lines.
fn client(c: &mut Checker, sc: &Scenario, lang: Lang) {
    let style = sc.client.style;
    let l = &sc.lines;
    let said = [
        Said {
            kind: "greeting",
            lines: &l.greeting,
            never: None,
            fallback: stock(lang, Phrase::GreetGood, &[]),
        },
        Said {
            kind: "small_talk",
            lines: &l.small_talk,
            never: (!style.likes_small_talk()).then(|| {
                format!("a {style:?} does not like small talk and answers it with impatience")
            }),
            fallback: stock(lang, Phrase::SmallTalkLiked, &[]),
        },
        Said {
            kind: "deal",
            lines: &l.deal,
            never: None,
            fallback: stock(lang, Phrase::Deal, &[]),
        },
        Said {
            kind: "leaves",
            lines: &l.leaves,
            never: None,
            fallback: stock(lang, Phrase::Leaves, &[]),
        },
    ];
    report(c, &[Step::Top("lines")], "", "the client", &said);
    if sc.negotiation.counter_lines.is_empty() {
        let price = crate::session::format_money(sc.negotiation.opening, &sc.product.currency);
        c.warn(
            &[Step::Field("negotiation")],
            format!(
                "the negotiation has no `counter_lines`; the client will say the stock \"{}\"",
                stock(lang, Phrase::Counter, &[("price", &price)])
            ),
            Some("add `counter_lines: [\"... {price} ...\"]`; `{price}` is replaced".into()),
        );
    }
    let fu = &sc.follow_up;
    for a in AfterSale::ALL {
        let (wanted, phrase) = if fu.expects.contains(&a) {
            ("expects", Phrase::FollowUpGood)
        } else if fu.dislikes.contains(&a) {
            ("dislikes", Phrase::FollowUpAnnoyed)
        } else {
            continue;
        };
        if fu.lines.get(&a).is_none_or(Vec::is_empty) {
            c.warn(
                &[Step::Field("follow_up"), Step::Field(wanted)],
                format!(
                    "the client {wanted} `{a:?}` but has no line for it; it will say the stock \"{}\"",
                    stock(lang, phrase, &[])
                ),
                Some(format!("add `{a:?}: [\"...\"]` to `follow_up.lines`")),
            );
        }
    }
    if let Some(d) = &sc.debt {
        let amount = crate::session::format_money(1000, &sc.product.currency);
        let said = [
            Said {
                kind: "pays",
                lines: &d.lines.pays,
                never: None,
                fallback: stock(lang, Phrase::DebtPays, &[("amount", &amount)]),
            },
            Said {
                kind: "stalls",
                lines: &d.lines.stalls,
                never: (d.due_week >= d.weeks).then(|| {
                    "`due_week` is the last of the `weeks`, so the payment is never overdue".into()
                }),
                fallback: stock(lang, Phrase::DebtStalls, &[]),
            },
            Said {
                kind: "offended",
                lines: &d.lines.offended,
                never: None,
                fallback: stock(lang, Phrase::DebtOffended, &[]),
            },
        ];
        report(c, &[Step::Field("debt")], "debt", "the debt", &said);
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::{Debt, DebtLines, Lang, Scenario, SocialStyle};
    use crate::{Diagnostic, load_scenario, template};

    fn template_scenario() -> Scenario {
        let text = template::template("t", Lang::En);
        load_scenario("t.ron", text.as_bytes()).unwrap().scenario
    }

    /// The template, which has every line it needs, changed by `edit` and validated again.
    fn warnings_after(edit: impl FnOnce(&mut Scenario)) -> Vec<Diagnostic> {
        let mut sc = template_scenario();
        edit(&mut sc);
        let ron = ron::ser::to_string(&sc).unwrap();
        let all = crate::validate::scenario("t.ron", &ron, &sc);
        assert!(all.iter().all(|d| !d.is_error()), "{all:?}");
        all
    }

    fn fields(ws: &[Diagnostic]) -> Vec<&str> {
        ws.iter().filter_map(|d| d.field.as_deref()).collect()
    }

    #[test]
    fn the_template_has_no_fallbacks_and_no_dead_text() {
        assert_eq!(warnings_after(|_| {}), []);
    }

    #[test]
    fn every_missing_line_that_would_be_said_is_a_warning_naming_the_stock_phrase() {
        let sc = template_scenario();
        let (need, obj) = (&sc.needs[0].id, &sc.objections[0].id);
        let ws = warnings_after(|sc| {
            sc.needs[0].lines.present.clear();
            let o = &mut sc.objections[0];
            o.lines.weakened.clear();
            o.lines.backfire.clear();
            o.lines.doubt.clear();
            sc.lines.leaves.clear();
        });
        let expected = [
            format!("needs[{need}].lines.present"),
            format!("objections[{obj}].lines.weakened"),
            format!("objections[{obj}].lines.backfire"),
            format!("objections[{obj}].lines.doubt"),
            "lines.leaves".to_owned(),
        ];
        assert_eq!(
            fields(&ws),
            expected.iter().map(String::as_str).collect::<Vec<_>>()
        );
        assert!(
            ws[0].message.contains("\"That would help with"),
            "{}",
            ws[0].message
        );
        // A returning doubt without words of its own repeats the objection's raise line.
        assert!(
            ws[3].message.contains(&sc.objections[0].lines.raise[0]),
            "{}",
            ws[3].message
        );
    }

    #[test]
    fn lines_that_are_never_said_are_dead_text() {
        let obj = template_scenario().objections[0].id.clone();
        let ws = warnings_after(|sc| {
            // The two examples: a doubt that never returns, small talk for a driver.
            sc.objections[0].returns = false;
            sc.client.style = SocialStyle::Driver;
        });
        assert_eq!(
            fields(&ws),
            [
                format!("objections[{obj}].lines.doubt").as_str(),
                "lines.small_talk"
            ]
        );
        assert!(
            ws[0].message.contains("never said: `returns` is false"),
            "{}",
            ws[0].message
        );
        assert!(
            ws[1].message.contains("Driver does not like small talk"),
            "{}",
            ws[1].message
        );
    }

    #[test]
    fn debt_lines_fall_back_and_stalls_need_an_overdue_week() {
        let ws = warnings_after(|sc| {
            sc.debt = Some(Debt {
                share: 1.0,
                due_week: 4,
                weeks: 4,
                reliability: 0.5,
                lines: DebtLines {
                    pays: vec!["Paid.".into()],
                    stalls: vec!["Next week.".into()],
                    offended: vec![],
                },
            });
        });
        assert_eq!(fields(&ws), ["debt.lines.stalls", "debt.lines.offended"]);
        assert!(ws[0].message.contains("never said"), "{}", ws[0].message);
        assert!(
            ws[1].message.contains("no `offended` lines"),
            "{}",
            ws[1].message
        );
    }
}
