//! Writing a scenario back as RON, in the layout of the bundled files: four-space indents, one
//! field per line, one line of text per line, ids and names inline, defaults left out. The same
//! scenario always gives the same text, so an edit changes only its own lines in a diff.
//!
//! What the text of a hand-written file has that a scenario value does not (comments, fields
//! written out at their default, the layout) is lost on saving; [`changes`] says what, so an
//! editor can tell the trainer before it writes.
//!
//! ```
//! use dealcraft_core::{bundled, emit, load_scenario};
//!
//! let sc = bundled::load("fleet-telematics").unwrap().scenario;
//! let text = emit::scenario(&sc);
//! assert_eq!(load_scenario("again.ron", text.as_bytes()).unwrap().scenario, sc);
//! ```

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::parse::{Lex, lex};
use crate::scenario::{
    Client, ClientLines, Debt, Feature, FollowUp, Knowledge, Need, Negotiation, Objection, Product,
    Scenario, SellerLines, Term, Trigger,
};
use crate::scoring::PassMark;

/// The scenario as a RON file.
pub fn scenario(sc: &Scenario) -> String {
    let mut w = Writer::default();
    w.line(0, "Scenario(");
    w.field(1, "id", &quote(&sc.id));
    w.field(1, "title", &quote(&sc.title));
    w.field(1, "language", sc.language.code());
    w.field(1, "difficulty", &format!("{:?}", sc.difficulty));
    w.field(1, "industry", &quote(&sc.industry));
    if !sc.summary.is_empty() {
        w.field(1, "summary", &quote(&sc.summary));
    }
    client(&mut w, &sc.client);
    product(&mut w, &sc.product);
    w.open(1, "needs", '[');
    for n in &sc.needs {
        need(&mut w, n);
    }
    w.close(1, ']');
    w.open(1, "objections", '[');
    for o in &sc.objections {
        objection(&mut w, o);
    }
    w.close(1, ']');
    negotiation(&mut w, &sc.negotiation);
    follow_up(&mut w, &sc.follow_up);
    if let Some(d) = &sc.debt {
        debt(&mut w, d);
    }
    client_lines(&mut w, &sc.lines);
    if let Some(p) = &sc.pass {
        w.field(1, "pass", &pass_mark(p));
    }
    seller_lines(&mut w, &sc.seller);
    w.text_map(1, "phrases", &sc.phrases);
    w.line(0, ")");
    w.out
}

/// A list of one text goes on its field's line when that line stays this short.
const INLINE_WIDTH: usize = 100;

#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn line(&mut self, depth: usize, text: &str) {
        let _ = writeln!(self.out, "{}{text}", "    ".repeat(depth));
    }

    fn field(&mut self, depth: usize, name: &str, value: &str) {
        self.line(depth, &format!("{name}: {value},"));
    }

    /// `name: (`, `name: [` or `name: {`; a nameless `(` for an item of a list.
    fn open(&mut self, depth: usize, name: &str, bracket: char) {
        if name.is_empty() {
            self.line(depth, &bracket.to_string());
        } else {
            self.line(depth, &format!("{name}: {bracket}"));
        }
    }

    fn close(&mut self, depth: usize, bracket: char) {
        self.line(depth, &format!("{bracket},"));
    }

    /// A list of text, one item per line, or a single short item inline; nothing when it is empty.
    fn texts(&mut self, depth: usize, name: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        // One item per line, so adding a variant later adds one line; a single short one inline.
        if let [only] = items {
            let inline = format!("{name}: [{}],", quote(only));
            if depth * 4 + inline.chars().count() <= INLINE_WIDTH {
                self.line(depth, &inline);
                return;
            }
        }
        self.open(depth, name, '[');
        for item in items {
            self.line(depth + 1, &format!("{},", quote(item)));
        }
        self.close(depth, ']');
    }

    /// Lists of text by key, `name: { Key: [...], }`; nothing when the map is empty.
    fn text_map<K: std::fmt::Debug>(
        &mut self,
        depth: usize,
        name: &str,
        map: &BTreeMap<K, Vec<String>>,
    ) {
        if map.is_empty() {
            return;
        }
        self.open(depth, name, '{');
        for (key, items) in map {
            self.texts(depth + 1, &format!("{key:?}"), items);
        }
        self.close(depth, '}');
    }

    /// Several lists of text in a record `name: ( ... )`; nothing when all are empty.
    fn text_record(&mut self, depth: usize, name: &str, lists: &[(&str, &[String])]) {
        if lists.iter().all(|(_, l)| l.is_empty()) {
            return;
        }
        self.open(depth, name, '(');
        for (field, items) in lists {
            self.texts(depth + 1, field, items);
        }
        self.close(depth, ')');
    }
}

/// A RON string literal.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Ids inline: `["fuel-costs", "safety"]`.
fn ids(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("[{}]", quoted.join(", "))
}

/// Names of values inline: `[Evidence, Reframe]`.
fn names<T: std::fmt::Debug>(items: &[T]) -> String {
    let words: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
    format!("[{}]", words.join(", "))
}

/// A decimal as RON reads it back exactly: `0.3`, `1.0`.
fn decimal(x: f64) -> String {
    format!("{x:?}")
}

fn client(w: &mut Writer, c: &Client) {
    w.open(1, "client", '(');
    w.field(2, "name", &quote(&c.name));
    w.field(2, "role", &quote(&c.role));
    w.field(2, "company", &quote(&c.company));
    w.field(2, "style", &format!("{:?}", c.style));
    w.field(2, "patience", &c.patience.to_string());
    w.field(2, "scepticism", &decimal(c.scepticism));
    w.field(2, "trust", &decimal(c.trust));
    w.field(2, "interest", &decimal(c.interest));
    w.texts(2, "dossier", &c.dossier);
    w.close(1, ')');
}

fn product(w: &mut Writer, p: &Product) {
    w.open(1, "product", '(');
    w.field(2, "name", &quote(&p.name));
    w.field(2, "currency", &quote(&p.currency));
    w.field(2, "list_price", &p.list_price.to_string());
    w.field(2, "floor_price", &p.floor_price.to_string());
    w.open(2, "features", '[');
    for f in &p.features {
        feature(w, f);
    }
    w.close(2, ']');
    if !p.terms.is_empty() {
        w.open(2, "terms", '[');
        for t in &p.terms {
            term(w, t);
        }
        w.close(2, ']');
    }
    w.close(1, ')');
}

fn feature(w: &mut Writer, f: &Feature) {
    w.open(3, "", '(');
    w.field(4, "id", &quote(&f.id));
    w.field(4, "name", &quote(&f.name));
    if !f.addresses.is_empty() {
        w.field(4, "addresses", &ids(&f.addresses));
    }
    if f.evidence {
        w.field(4, "evidence", "true");
    }
    w.texts(4, "pitch", &f.pitch);
    w.close(3, ')');
}

fn term(w: &mut Writer, t: &Term) {
    w.open(3, "", '(');
    w.field(4, "id", &quote(&t.id));
    w.field(4, "name", &quote(&t.name));
    w.open(4, "options", '[');
    for o in &t.options {
        w.line(
            5,
            &format!(
                "(label: {}, client_value: {}, seller_value: {}),",
                quote(&o.label),
                o.client_value,
                o.seller_value
            ),
        );
    }
    w.close(4, ']');
    if t.default != 0 {
        w.field(4, "default", &t.default.to_string());
    }
    w.texts(4, "seller", &t.seller);
    w.close(3, ')');
}

fn need(w: &mut Writer, n: &Need) {
    use crate::moves::QuestionKind::{Problem, Situation};
    w.open(2, "", '(');
    w.field(3, "id", &quote(&n.id));
    w.field(3, "topic", &quote(&n.topic));
    w.field(3, "importance", &n.importance.to_string());
    if n.known != Knowledge::Hidden {
        w.field(3, "known", &format!("{:?}", n.known));
    }
    if n.revealed_by != [Situation, Problem] {
        w.field(3, "revealed_by", &names(&n.revealed_by));
    }
    if n.satisfied {
        w.field(3, "satisfied", "true");
    }
    let l = &n.lines;
    w.text_record(
        3,
        "lines",
        &[
            ("situation", &l.situation),
            ("problem", &l.problem),
            ("implication", &l.implication),
            ("need_payoff", &l.need_payoff),
            ("present", &l.present),
        ],
    );
    w.text_map(3, "seller", &n.seller);
    w.close(2, ')');
}

/// A trigger as written in a file: `PriceMention`, `Stage(Presentation)`, `LowTrust(0.25)`.
pub fn trigger(t: &Trigger) -> String {
    match t {
        Trigger::PriceMention => "PriceMention".into(),
        Trigger::Stage(s) => format!("Stage({s:?})"),
        Trigger::LowTrust(x) => format!("LowTrust({})", decimal(*x)),
        Trigger::Random(x) => format!("Random({})", decimal(*x)),
        Trigger::AfterTurn(n) => format!("AfterTurn({n})"),
        Trigger::Close => "Close".into(),
    }
}

fn objection(w: &mut Writer, o: &Objection) {
    w.open(2, "", '(');
    w.field(3, "id", &quote(&o.id));
    w.field(3, "topic", &quote(&o.topic));
    w.field(3, "trigger", &trigger(&o.trigger));
    if o.strength != 2 {
        w.field(3, "strength", &o.strength.to_string());
    }
    w.field(3, "resolves", &names(&o.resolves));
    if !o.weakens.is_empty() {
        w.field(3, "weakens", &names(&o.weakens));
    }
    if !o.backfires.is_empty() {
        w.field(3, "backfires", &names(&o.backfires));
    }
    if o.returns {
        w.field(3, "returns", "true");
    }
    let l = &o.lines;
    let lists: [(&str, &[String]); 6] = [
        ("raise", &l.raise),
        ("clarify", &l.clarify),
        ("weakened", &l.weakened),
        ("resolved", &l.resolved),
        ("backfire", &l.backfire),
        ("doubt", &l.doubt),
    ];
    if lists.iter().any(|(_, l)| !l.is_empty()) || !l.resolved_by.is_empty() {
        w.open(3, "lines", '(');
        for (field, items) in lists {
            w.texts(4, field, items);
        }
        w.text_map(4, "resolved_by", &l.resolved_by);
        w.close(3, ')');
    }
    w.text_map(3, "seller", &o.seller);
    w.close(2, ')');
}

fn negotiation(w: &mut Writer, n: &Negotiation) {
    w.open(1, "negotiation", '(');
    w.field(2, "opening", &n.opening.to_string());
    let (lo, hi) = n.reservation;
    w.field(2, "reservation", &format!("({lo}, {hi})"));
    if n.beta != 1.0 {
        w.field(2, "beta", &decimal(n.beta));
    }
    if n.kappa != 0.0 {
        w.field(2, "kappa", &decimal(n.kappa));
    }
    w.field(2, "deadline", &n.deadline.to_string());
    if n.walk_away_is_the_lesson {
        w.field(2, "walk_away_is_the_lesson", "true");
    }
    w.texts(2, "counter_lines", &n.counter_lines);
    w.close(1, ')');
}

fn follow_up(w: &mut Writer, f: &FollowUp) {
    if *f == FollowUp::default() {
        return;
    }
    w.open(1, "follow_up", '(');
    if !f.expects.is_empty() {
        w.field(2, "expects", &names(&f.expects));
    }
    if !f.dislikes.is_empty() {
        w.field(2, "dislikes", &names(&f.dislikes));
    }
    if f.lines.values().any(|l| !l.is_empty()) {
        w.open(2, "lines", '{');
        for (action, lines) in f.lines.iter().filter(|(_, l)| !l.is_empty()) {
            w.texts(3, &format!("{action:?}"), lines);
        }
        w.close(2, '}');
    }
    w.close(1, ')');
}

fn debt(w: &mut Writer, d: &Debt) {
    w.open(1, "debt", '(');
    if d.share != 1.0 {
        w.field(2, "share", &decimal(d.share));
    }
    w.field(2, "due_week", &d.due_week.to_string());
    w.field(2, "weeks", &d.weeks.to_string());
    w.field(2, "reliability", &decimal(d.reliability));
    let l = &d.lines;
    w.text_record(
        2,
        "lines",
        &[
            ("pays", &l.pays),
            ("stalls", &l.stalls),
            ("offended", &l.offended),
        ],
    );
    w.close(1, ')');
}

/// A pass mark on one line: `(overall: 60, stages: {needs: 50})`.
fn pass_mark(p: &PassMark) -> String {
    if p.stages.is_empty() {
        return format!("(overall: {})", p.overall);
    }
    let stages: Vec<String> = p
        .stages
        .iter()
        .map(|(stage, min)| format!("{}: {min}", stage.key()))
        .collect();
    format!(
        "(overall: {}, stages: {{{}}})",
        p.overall,
        stages.join(", ")
    )
}

fn seller_lines(w: &mut Writer, l: &SellerLines) {
    if *l == SellerLines::default() {
        return;
    }
    w.open(1, "seller", '(');
    w.text_map(2, "greet", &l.greet);
    w.texts(2, "set_agenda", &l.set_agenda);
    w.texts(2, "small_talk", &l.small_talk);
    w.text_map(2, "ask", &l.ask);
    w.text_map(2, "ask_about", &l.ask_about);
    w.texts(2, "summarize", &l.summarize);
    w.texts(2, "present", &l.present);
    w.text_map(2, "handle", &l.handle);
    w.texts(2, "offer", &l.offer);
    w.texts(2, "accept_counter", &l.accept_counter);
    w.texts(2, "walk_away", &l.walk_away);
    w.text_map(2, "close", &l.close);
    w.texts(2, "next_steps", &l.next_steps);
    w.text_map(2, "follow_up", &l.follow_up);
    w.text_map(2, "collect", &l.collect);
    w.texts(2, "end", &l.end);
    w.close(1, ')');
}

fn client_lines(w: &mut Writer, l: &ClientLines) {
    w.text_record(
        1,
        "lines",
        &[
            ("greeting", &l.greeting),
            ("small_talk", &l.small_talk),
            ("deal", &l.deal),
            ("leaves", &l.leaves),
        ],
    );
}

/// What saving a scenario over a file loses and changes: the file's comments, and its other
/// lines that the new text does not keep as they were.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// Comments of the old text, with their line (from 1).
    pub comments: Vec<(usize, String)>,
    /// Lines of the old text that are not comments and are not in the new text as they were.
    pub removed: usize,
    /// Lines of the new text that were not in the old one.
    pub added: usize,
    /// The line diff, old to new.
    pub diff: Vec<Diff>,
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diff {
    Same(String),
    Removed(String),
    Added(String),
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.comments.is_empty() && self.removed == 0 && self.added == 0
    }
}

/// What writing `new` over `old` loses (comments) and changes (lines), for the trainer to read
/// before saving.
pub fn changes(old: &str, new: &str) -> Changes {
    let kinds = lex(old);
    let mut comments = Vec::new();
    let mut at = 0;
    for (line_no, line) in (1..).zip(old.split_inclusive('\n')) {
        let first = (at..at + line.len()).find(|&i| kinds[i] == Lex::Comment);
        if let Some(i) = first {
            let end = (i..at + line.len())
                .find(|&j| kinds[j] != Lex::Comment)
                .unwrap_or(at + line.len());
            comments.push((line_no, old[i..end].trim().to_owned()));
        }
        at += line.len();
    }
    let diff = line_diff(old, new);
    let is_comment = |l: &str| {
        let t = l.trim();
        t.starts_with("//") || t.starts_with("/*") || t.starts_with('*')
    };
    let removed = diff
        .iter()
        .filter(|d| matches!(d, Diff::Removed(l) if !is_comment(l) && !l.trim().is_empty()))
        .count();
    let added = diff.iter().filter(|d| matches!(d, Diff::Added(_))).count();
    Changes {
        comments,
        removed,
        added,
        diff,
    }
}

/// The shortest line diff from `old` to `new` (longest common subsequence of lines).
fn line_diff(old: &str, new: &str) -> Vec<Diff> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Lines equal at both ends need no table.
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut out: Vec<Diff> = a[..head].iter().map(|l| Diff::Same((*l).into())).collect();
    if ma.len().saturating_mul(mb.len()) > 25_000_000 {
        // Too big to align line by line: all out, all in.
        out.extend(ma.iter().map(|l| Diff::Removed((*l).into())));
        out.extend(mb.iter().map(|l| Diff::Added((*l).into())));
    } else {
        // lcs[i][j]: common lines of ma[i..] and mb[j..].
        let (n, m) = (ma.len(), mb.len());
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * (m + 1) + j] = if ma[i] == mb[j] {
                    lcs[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && ma[i] == mb[j] {
                out.push(Diff::Same(ma[i].into()));
                i += 1;
                j += 1;
            } else if j < m && (i == n || lcs[i * (m + 1) + j + 1] >= lcs[(i + 1) * (m + 1) + j]) {
                out.push(Diff::Added(mb[j].into()));
                j += 1;
            } else {
                out.push(Diff::Removed(ma[i].into()));
                i += 1;
            }
        }
    }
    out.extend(a[a.len() - tail..].iter().map(|l| Diff::Same((*l).into())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{bundled, load_scenario};

    #[test]
    fn every_bundled_scenario_writes_back_to_the_same_value_and_text() {
        for loaded in bundled::all() {
            let sc = loaded.unwrap().scenario;
            let text = scenario(&sc);
            let again = load_scenario("again.ron", text.as_bytes())
                .unwrap_or_else(|d| panic!("{}:\n{d}\n{text}", sc.id));
            assert_eq!(again.scenario, sc, "{}", sc.id);
            // Idempotent: writing what was read gives the same text.
            assert_eq!(scenario(&again.scenario), text, "{}", sc.id);
        }
    }

    #[test]
    fn the_sellers_lines_at_every_level_and_the_pass_mark_are_written_back() {
        use crate::moves::{ContactStyle, DebtAction, QuestionKind};
        let mut sc = bundled::load("fleet-telematics").unwrap().scenario;
        let line = |s: &str| vec![s.to_owned()];
        sc.seller
            .greet
            .insert(ContactStyle::Direct, line("Morning."));
        sc.seller
            .ask_about
            .insert(QuestionKind::Implication, line("And the cost?"));
        sc.seller.offer = vec!["Here is the price.".into(), "This is my offer.".into()];
        sc.seller
            .collect
            .insert(DebtAction::Remind, line("A reminder."));
        sc.seller.end = line("Thank you.");
        sc.needs[0]
            .seller
            .insert(QuestionKind::Problem, line("Where does it hurt?"));
        let technique = sc.objections[0].resolves[0];
        sc.objections[0]
            .seller
            .insert(technique, line("Let me show you."));
        sc.objections[0]
            .lines
            .resolved_by
            .insert(technique, line("That convinces me."));
        assert!(!sc.product.terms.is_empty());
        sc.product.terms[0].seller = line("With these terms.");
        sc.pass = Some(PassMark {
            overall: 60,
            stages: [(crate::Stage::Needs, 50), (crate::Stage::Negotiation, 40)].into(),
        });
        let text = scenario(&sc);
        let again = load_scenario("again.ron", text.as_bytes())
            .unwrap_or_else(|d| panic!("{d}\n{text}"))
            .scenario;
        assert_eq!(again, sc);
        assert_eq!(scenario(&again), text);
    }

    #[test]
    fn an_edit_changes_only_its_own_lines() {
        let mut sc = bundled::load("fleet-telematics").unwrap().scenario;
        let before = scenario(&sc);
        sc.client.patience = 17;
        sc.needs[1].lines.problem.push("One more line.".into());
        let c = changes(&before, &scenario(&sc));
        assert!(c.comments.is_empty());
        assert_eq!((c.removed, c.added), (1, 2), "{:?}", c.diff);
    }

    #[test]
    fn text_survives_quotes_backslashes_and_line_breaks() {
        let mut sc = bundled::load("fleet-telematics").unwrap().scenario;
        sc.title = "A \"quoted\" title\\ with «guillemets»,\nа line\tbreak and \u{7}".into();
        let again = load_scenario("q.ron", scenario(&sc).as_bytes()).unwrap();
        assert_eq!(again.scenario.title, sc.title);
    }

    #[test]
    fn saving_a_bundled_file_keeps_nine_lines_in_ten() {
        // The layout is the bundled files' own, so saving one unchanged rewrites little: field
        // order, defaults left out, and lists laid out one way.
        for (name, source) in bundled::SCENARIOS {
            let sc = load_scenario(name, source.as_bytes()).unwrap().scenario;
            let c = changes(source, &scenario(&sc));
            let lines = source.lines().count();
            assert!(
                c.removed * 10 <= lines,
                "{name}: {} of {lines} lines change",
                c.removed
            );
        }
    }

    #[test]
    fn saving_over_a_hand_written_file_names_its_comments() {
        let (name, source) = bundled::SCENARIOS[0];
        let sc = load_scenario(name, source.as_bytes()).unwrap().scenario;
        let c = changes(source, &scenario(&sc));
        let in_source = source
            .lines()
            .filter(|l| l.trim_start().starts_with("//"))
            .count();
        assert!(
            in_source > 0 && c.comments.len() >= in_source,
            "{:?}",
            c.comments
        );
        assert!(c.comments.iter().all(|(_, t)| t.starts_with("//")));
    }
}
