//! Scoring the preparation: the plan made before the meeting.

use crate::moves::Plan;
use crate::scenario::Scenario;
use crate::session::Session;

use crate::vocab::{en, ru};

use super::findings::add;
use super::{Findings, Rule};

/// Adds the stage's findings; false when the trainee made no plan.
pub(super) fn score(s: &Session, f: &mut Findings) -> bool {
    let sc = s.scenario();
    let Some(plan) = s.plan() else {
        return f.unreached(
            f.t(
                "you went into the meeting without a plan",
                "вы пошли на встречу без плана",
            ),
            f.t(
                "set a target price, a walk-away price and read the client's style before you start",
                "перед встречей задайте целевую цену и нижнюю границу и определите стиль клиента",
            ),
        );
    };
    add!(
        f,
        Rule::PreparationPlan,
        Some(1),
        10,
        f.t(
            "you prepared before the meeting",
            "вы подготовились к встрече",
        ),
        None,
    );
    target(sc, plan, f);
    walk_away(sc, plan, f);
    // Without terms to choose, reading the style is worth their points too.
    let (style_points, terms_points) = if sc.product.terms.is_empty() {
        (30, 0)
    } else {
        (20, 10)
    };
    style(sc, plan, style_points, f);
    if terms_points > 0 {
        terms(sc, plan, terms_points, f);
    }
    true
}

/// The target price: ambitious (from the floor/list midpoint up to list) earns the most.
fn target(sc: &Scenario, plan: &Plan, f: &mut Findings) {
    let (floor, list) = (sc.product.floor_price, sc.product.list_price);
    let midpoint = floor + (list.saturating_sub(floor)) / 2;
    let (target, m_floor, m_list) = (f.money(plan.target_price), f.money(floor), f.money(list));
    if plan.target_price > list {
        add!(f,
            Rule::PreparationTarget,
            Some(1),
            10,
            f.t(
                format!("your target {target} is above the list price {m_list}"),
                format!("ваша целевая цена {target} выше прайсовой цены {m_list}"),
            ),
            Some(f.t(
                "aim at the list price: a target above it leaves your plan without a reference the client will accept",
                "ориентируйтесь на прайсовую цену: цель выше неё лишает план опоры, которую примет клиент",
            )),
        );
    } else if plan.target_price >= midpoint {
        add!(
            f,
            Rule::PreparationTarget,
            Some(1),
            30,
            f.t(
                format!("an ambitious, reachable target: {target}"),
                format!("амбициозная и достижимая цель: {target}"),
            ),
            None,
        );
    } else {
        add!(f,
            Rule::PreparationTarget,
            Some(1),
            10,
            f.t(
                format!(
                    "a modest target: {target} is in the lower half between floor {m_floor} and list {m_list}"
                ),
                format!(
                    "скромная цель: {target} — в нижней половине диапазона от минимальной цены {m_floor} до прайса {m_list}"
                ),
            ),
            Some(f.t(
                "aim high: set the target at least halfway from floor to list",
                "цельтесь выше: целевая цена должна быть не ниже середины между минимальной ценой и прайсом",
            )),
        );
    }
}

/// The walk-away price: between the floor and the target.
fn walk_away(sc: &Scenario, plan: &Plan, f: &mut Findings) {
    let floor = sc.product.floor_price;
    let m_floor = f.money(floor);
    let walk_away = f.money(plan.walk_away_price);
    if plan.walk_away_price < floor {
        add!(f,
            Rule::PreparationWalkAway,
            Some(1),
            -10,
            f.t(
                format!(
                    "your walk-away {walk_away} is below the company's floor {m_floor}: you planned to accept a loss"
                ),
                format!(
                    "ваша нижняя граница {walk_away} ниже минимальной цены компании {m_floor}: вы заранее заложили убыток"
                ),
            ),
            Some(f.t(
                "never plan below the floor price",
                "никогда не планируйте цену ниже минимальной",
            )),
        );
    } else if plan.walk_away_price > plan.target_price {
        add!(f,
            Rule::PreparationWalkAway,
            Some(1),
            0,
            f.t(
                "your walk-away price is above your target",
                "ваша нижняя граница выше целевой цены",
            ),
            Some(f.t(
                "the walk-away price is the least you accept; keep it at or below the target",
                "нижняя граница — это минимум, на который вы согласитесь; она не должна быть выше целевой цены",
            )),
        );
    } else {
        add!(
            f,
            Rule::PreparationWalkAway,
            Some(1),
            30,
            f.t(
                format!("a clear walk-away price of {walk_away}, at or above the floor"),
                format!("чёткая нижняя граница {walk_away}, не ниже минимальной цены компании"),
            ),
            None,
        );
    }
}

/// The client's social style as the plan reads it: a quarter of the points for an adjacent style.
fn style(sc: &Scenario, plan: &Plan, points: i32, f: &mut Findings) {
    let style = sc.client.style;
    let reread = f.t(
        "read the dossier again: how fast do they decide, how much do they show feelings?",
        "перечитайте досье: насколько быстро клиент принимает решения и насколько открыто проявляет эмоции?",
    );
    // Built only inside `add!`, which a quiet card skips.
    let misread = || {
        f.t(
            format!(
                "you read the client as {}; they are {}",
                en::style_person(plan.style),
                en::style_person(style)
            ),
            format!(
                "вы определили стиль клиента как «{}», а на самом деле это «{}»",
                ru::style_word(plan.style),
                ru::style_word(style)
            ),
        )
    };
    if plan.style == style {
        add!(
            f,
            Rule::PreparationStyle,
            Some(1),
            points,
            f.t(
                format!(
                    "you read the client as {}, which is right",
                    en::style_person(style)
                ),
                format!(
                    "вы верно определили стиль клиента: «{}»",
                    ru::style_word(style)
                ),
            ),
            None,
        );
    } else if plan.style.is_adjacent(style) {
        add!(
            f,
            Rule::PreparationStyle,
            Some(1),
            points / 4,
            misread(),
            Some(reread),
        );
    } else {
        add!(
            f,
            Rule::PreparationStyle,
            Some(1),
            0,
            misread(),
            Some(reread)
        );
    }
}

/// The must-have terms: at least one the company values.
fn terms(sc: &Scenario, plan: &Plan, points: i32, f: &mut Findings) {
    let useful = plan.must_have.iter().any(|id| {
        sc.term(id)
            .is_some_and(|(_, t)| t.options.iter().any(|o| o.seller_value > 0))
    });
    if useful {
        add!(
            f,
            Rule::PreparationTerms,
            Some(1),
            points,
            f.t(
                "you decided which terms you want in the deal",
                "вы заранее решили, какие условия хотите получить в сделке",
            ),
            None,
        );
    } else {
        add!(
            f,
            Rule::PreparationTerms,
            Some(1),
            0,
            f.t(
                "you chose no term worth something to your company",
                "вы не выбрали ни одного условия, ценного для вашей компании",
            ),
            Some(f.t(
                "pick the terms you will ask for in return for any concession",
                "выберите условия, которые будете просить в обмен на любую уступку",
            )),
        );
    }
}
