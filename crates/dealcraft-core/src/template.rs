//! The scenario template `dealcraft new` writes: a small, complete client with a comment on every
//! section, in English or Russian, that validates cleanly and that the textbook bot closes.
//!
//! ```
//! use dealcraft_core::scenario::Lang;
//! use dealcraft_core::{load_scenario, template};
//!
//! let text = template::template("bakery-stock", Lang::En);
//! let loaded = load_scenario("bakery-stock.ron", text.as_bytes()).unwrap();
//! assert_eq!(loaded.scenario.id, "bakery-stock");
//! assert!(loaded.warnings.is_empty());
//! ```

use crate::scenario::Lang;

/// The template for a scenario with this id. The id should pass [`is_valid_id`]; it is written
/// into the file as is.
pub fn template(id: &str, lang: Lang) -> String {
    let text = match lang {
        Lang::En => EN,
        Lang::Ru => RU,
    };
    text.replace("{id}", id)
}

/// Whether `id` is a scenario id: `a-z`, `0-9`, `-` and `_`, not empty.
pub fn is_valid_id(id: &str) -> bool {
    crate::validate::is_id(id)
}

const EN: &str = r#"// A Dealcraft scenario: one virtual client, written by `dealcraft new`. The example client below
// works as is; replace its text and numbers with your own. docs/scenario-format.md describes every
// field, its default and what the simulation does with it.
//
//   dealcraft validate {id}.ron                        check it (FILE:LINE:COLUMN for each problem)
//   dealcraft play {id}.ron --bot textbook --seed 1    watch a good salesperson's meeting
//   dealcraft analyze {id}.ron                         balance report: bots over 50 seeds
Scenario(
    // The library card. `id` is used on the command line and in logs: a-z, 0-9, - and _.
    // `language` is the language of the text (en or ru); `difficulty` is Easy, Medium or Hard.
    id: "{id}",
    title: "Stock software for a family bakery chain",
    language: en,
    difficulty: Easy,
    industry: "Food retail",
    summary: "Sell stock and ordering software to the owner of six family bakeries. She is warm, cautious and proud of her staff.",

    // Who the client is. `style` is the Merrill–Reid social style (Driver, Expressive, Amiable,
    // Analytical): it decides which greeting, small talk and close work. `patience` is the
    // irritation budget (20 is typical); `scepticism`, `trust` and `interest` are 0–1 at the start.
    // The dossier is what the trainee may know beforehand: give hints of the style.
    client: (
        name: "Maria Lopez",
        role: "Owner",
        company: "Lopez Family Bakeries",
        style: Amiable,
        patience: 20,
        scepticism: 0.3,
        trust: 0.3,
        interest: 0.1,
        dossier: [
            "Six bakeries in one town, founded by Maria's father; 40 staff, many of them for twenty years.",
            "Maria knows every employee by name and asks about their families; she likes to talk before business.",
            "A local paper quoted her: 'we throw away too much good bread at night, and it hurts'.",
            "Orders to the flour mill are still phoned in by each shop manager.",
        ],
    ),

    // What is sold. `floor_price` is the lowest price your company accepts, `list_price` what it
    // asks. A feature answers the needs listed in `addresses`; `evidence: true` when backed by
    // proof (sceptical clients discount the rest). The seed picks one `pitch` variant.
    product: (
        name: "BakeFlow",
        currency: "EUR",
        list_price: 12000,
        floor_price: 9000,
        features: [
            (
                id: "demand-forecast",
                name: "daily demand forecast",
                addresses: ["waste"],
                evidence: true,
                pitch: [
                    "BakeFlow forecasts each shop's sales per product from the weather, the weekday and local events; bakeries like yours cut unsold bread by a quarter, and I can show you their figures.",
                ],
            ),
            (
                id: "auto-orders",
                name: "automatic flour orders",
                addresses: ["ordering", "staff-time"],
                pitch: [
                    "Flour and ingredient orders go to the mill automatically from the forecast; nobody has to phone them in.",
                ],
            ),
            (
                id: "shift-planner",
                name: "shift planner",
                addresses: ["staff-time"],
                evidence: true,
                pitch: [
                    "The shift planner fills the rota from the forecast and the staff's wishes; managers get back about four hours a week, as our customers' timesheets show.",
                ],
            ),
        ],
        // Terms beyond price that can be traded. `client_value` is what an option is worth to
        // the client in money, `seller_value` what it is worth to you; `default` is the option
        // (counting from 0) that applies when an offer does not name the term.
        terms: [
            (
                id: "contract",
                name: "contract length",
                options: [
                    (label: "1 year", client_value: 0, seller_value: 0),
                    (label: "3 years", client_value: -400, seller_value: 1500),
                ],
                default: 0,
            ),
        ],
    ),

    // What the client needs; `importance` 1–5 (5: the reason they would buy). A need comes out
    // step by step: an open Situation or Problem question (those in `revealed_by`) brings the topic
    // up, a Problem question makes it an implied need, an Implication question makes it explicit,
    // a NeedPayoff question gets its value said out loud. `lines` are the client's words at each
    // step, and when a feature that answers it is presented.
    needs: [
        (
            id: "waste",
            topic: "unsold bread",
            importance: 5,
            revealed_by: [Problem],
            lines: (
                problem: [
                    "Every evening we throw away crates of bread. It breaks my heart, and it is money.",
                ],
                implication: [
                    "It is about a tenth of what we bake. If it goes on, the new shop will not pay for itself. Yes, I need to bake closer to what we sell.",
                ],
                need_payoff: [
                    "If we halved the waste, I could give everyone a proper bonus at Christmas.",
                ],
                present: [
                    "Per shop and per loaf? That is exactly what my managers guess at every morning.",
                ],
            ),
        ),
        (
            id: "staff-time",
            topic: "the managers' paperwork",
            importance: 3,
            revealed_by: [Situation],
            lines: (
                situation: [
                    "My shop managers do the rota and the orders by hand after closing time.",
                ],
                problem: [
                    "They stay an hour late every day. Two of them told me they are tired.",
                ],
                implication: [
                    "If I lose one of them, I lose twenty years of experience. I need to take that paperwork off them.",
                ],
                need_payoff: [
                    "An hour a day back for each manager would mean they go home to their families on time.",
                ],
                present: [
                    "They would love that. Less paper, more time in the shop.",
                ],
            ),
        ),
        (
            id: "ordering",
            topic: "flour orders",
            importance: 2,
            lines: (
                situation: [
                    "Each shop phones its own flour order to the mill.",
                ],
                problem: [
                    "Sometimes two shops order the same thing and one runs out of rye.",
                ],
                implication: [
                    "Last month we had no rye bread for two days; regulars were disappointed. I want the orders to be right.",
                ],
                need_payoff: [
                    "One correct order a day would save the mill and us a lot of phone calls.",
                ],
                present: [
                    "So nobody has to remember to call the mill. Good.",
                ],
            ),
        ),
    ],

    // What the client objects to. `trigger`: PriceMention, Stage(Presentation) (or another meeting
    // stage), LowTrust(0.25), Random(0.1), AfterTurn(8) or Close. Techniques: Acknowledge, Clarify,
    // Evidence, Reframe, FeelFeltFound, Concede. `resolves` answer it, `weakens` help a little,
    // `backfires` make it worse. `strength` 1–5 (default 2); `returns: true` lets it come back as a
    // doubt at the close.
    objections: [
        (
            id: "price",
            topic: "the price",
            trigger: PriceMention,
            strength: 2,
            resolves: [Reframe, Evidence],
            weakens: [Clarify],
            backfires: [Concede],
            returns: true,
            lines: (
                raise: ["That is a lot of money for a bakery."],
                clarify: ["I need it to pay for itself within the year; we are a small family business."],
                weakened: ["Go on, I am listening."],
                resolved: ["If the bread we save pays for it, then it is not expensive."],
                backfire: ["If the price drops that fast, what was it worth in the first place?"],
                doubt: ["I am still a little worried about the money."],
            ),
        ),
        (
            id: "staff-change",
            topic: "the staff learning something new",
            trigger: Stage(Presentation),
            resolves: [Evidence, Reframe],
            weakens: [Acknowledge, Clarify],
            backfires: [FeelFeltFound],
            lines: (
                raise: ["My people have done it their way for twenty years. I do not want to upset them."],
                clarify: ["Some of them are close to retirement; a computer scares them a little."],
                weakened: ["Perhaps. But they are set in their ways."],
                resolved: ["If other family bakeries managed it with their older staff, we can too."],
                backfire: ["Please do not tell me how I feel."],
            ),
        ),
    ],

    // How the client haggles. `opening` is their first counter-offer; `reservation` the most they
    // pay with no interest and with full interest (the real limit lies between, by the interest
    // the trainee built). `beta` below 1 concedes late, above 1 early; `kappa` is the share
    // conceded at once; `deadline` the counter-offers before they walk away. `{price}` in a
    // counter line is replaced by the price.
    negotiation: (
        opening: 7500,
        reservation: (8500, 13000),
        beta: 0.8,
        kappa: 0.1,
        deadline: 6,
        walk_away_is_the_lesson: false,
        counter_lines: [
            "Could we say {price}? That is what I can explain to my husband.",
            "{price}, and I will tell the managers tomorrow.",
        ],
    ),

    // After the sale: actions the client values and dislikes (AskFeedback, Training, Support,
    // CheckIn, Loyalty, Upsell), and their reaction to each.
    follow_up: (
        expects: [Training, CheckIn],
        dislikes: [Upsell],
        lines: {
            Training: ["Yes, please train the managers one shop at a time."],
            CheckIn: ["Thank you for calling. The evening crates are already lighter."],
            AskFeedback: ["It is going well, thank you."],
            Upsell: ["Let us get used to this first, please."],
        },
    ),

    // For a credit sale, uncomment `debt`: after the deal the trainee collects the money.
    // `share` of the price on credit, the `due_week`, `weeks` until what is unpaid is written off,
    // and the client's `reliability` (0–1); the client's words when paying, stalling and offended.
    // debt: (share: 0.5, due_week: 4, weeks: 8, reliability: 0.6, lines: (pays: ["Paid, thank you for your patience."], stalls: ["The flour bill came first this month; next week, I promise."], offended: ["Lawyers? After all these years?"])),

    // The client's own words for the greeting, small talk, the deal and leaving.
    lines: (
        greeting: ["Welcome! Come in, have a croissant while they are warm."],
        small_talk: ["The shop on Market Street just turned twenty-five; we had a little party with the regulars."],
        deal: ["Agreed. My father would have liked this. Send me the contract."],
        leaves: ["I am sorry, I have to get back to the ovens. Goodbye."],
    ),
)
"#;

const RU: &str = r#"// Сценарий Dealcraft: один виртуальный клиент, создан командой `dealcraft new`. Клиент ниже
// работает как есть; замените текст и числа своими. Каждое поле, его значение по умолчанию и то,
// что с ним делает симуляция, описаны в docs/scenario-format.md.
//
//   dealcraft validate {id}.ron                        проверка (ФАЙЛ:СТРОКА:СТОЛБЕЦ для каждой ошибки)
//   dealcraft play {id}.ron --bot textbook --seed 1    встреча глазами хорошего продавца
//   dealcraft analyze {id}.ron                         отчёт о балансе: боты на 50 сидах
Scenario(
    // Карточка в библиотеке. `id` используется в командной строке и в журналах: a-z, 0-9, - и _.
    // `language` — язык текста (en или ru); `difficulty` — Easy, Medium или Hard.
    id: "{id}",
    title: "Учёт и заказы для семейной сети пекарен",
    language: ru,
    difficulty: Easy,
    industry: "Розничная торговля продуктами",
    summary: "Продайте систему учёта и заказов владелице шести семейных пекарен. Она доброжелательна, осторожна и гордится своими сотрудниками.",

    // Кто клиент. `style` — социальный стиль по Меррилу–Риду (Driver, Expressive, Amiable,
    // Analytical): от него зависит, какое приветствие, разговор о жизни и закрытие сработают.
    // `patience` — запас терпения (обычно 20); `scepticism`, `trust` и `interest` — от 0 до 1 в начале.
    // Досье — то, что продавец может знать заранее: дайте в нём подсказки о стиле.
    client: (
        name: "Мария Лопатина",
        role: "владелица",
        company: "«Пекарни Лопатиных»",
        style: Amiable,
        patience: 20,
        scepticism: 0.3,
        trust: 0.3,
        interest: 0.1,
        dossier: [
            "Шесть пекарен в одном городе, основал отец Марии; 40 сотрудников, многие работают по двадцать лет.",
            "Мария знает каждого по имени и спрашивает о семье; перед делом любит поговорить.",
            "Местная газета процитировала её: «По вечерам мы выбрасываем слишком много хорошего хлеба, и это больно».",
            "Заказы на мельницу до сих пор диктует по телефону каждый заведующий.",
        ],
    ),

    // Что продаём. `floor_price` — нижняя цена, на которую согласна ваша компания, `list_price` —
    // цена по прайсу. Функция закрывает потребности из `addresses`; `evidence: true` — если есть
    // доказательства (скептичный клиент остальному верит меньше). Сид выбирает вариант `pitch`.
    product: (
        name: "BakeFlow",
        currency: "RUB",
        list_price: 1200000,
        floor_price: 900000,
        features: [
            (
                id: "demand-forecast",
                name: "ежедневный прогноз спроса",
                addresses: ["waste"],
                evidence: true,
                pitch: [
                    "BakeFlow прогнозирует продажи каждой пекарни по каждому изделию с учётом погоды, дня недели и городских событий; у похожих пекарен непроданного хлеба стало на четверть меньше, цифры могу показать.",
                ],
            ),
            (
                id: "auto-orders",
                name: "автоматические заказы муки",
                addresses: ["ordering", "staff-time"],
                pitch: [
                    "Заказы муки и сырья уходят на мельницу сами, по прогнозу; звонить никому не нужно.",
                ],
            ),
            (
                id: "shift-planner",
                name: "планировщик смен",
                addresses: ["staff-time"],
                evidence: true,
                pitch: [
                    "Планировщик составляет график по прогнозу и пожеланиям сотрудников; заведующие экономят около четырёх часов в неделю — это видно по табелям наших клиентов.",
                ],
            ),
        ],
        // Условия помимо цены, которыми можно торговаться. `client_value` — сколько вариант стоит
        // для клиента в деньгах, `seller_value` — для вас; `default` — вариант (счёт с 0), который
        // действует, если предложение его не называет.
        terms: [
            (
                id: "contract",
                name: "срок договора",
                options: [
                    (label: "1 год", client_value: 0, seller_value: 0),
                    (label: "3 года", client_value: -40000, seller_value: 150000),
                ],
                default: 0,
            ),
        ],
    ),

    // Потребности клиента; `importance` от 1 до 5 (5 — причина покупки). Потребность раскрывается
    // по шагам: открытый ситуационный или проблемный вопрос (из `revealed_by`) поднимает тему,
    // проблемный вопрос делает её скрытой потребностью, извлекающий — явной, направляющий
    // (NeedPayoff) — заставляет клиента назвать её ценность. `lines` — слова клиента на каждом
    // шаге и в ответ на презентацию подходящей функции.
    needs: [
        (
            id: "waste",
            topic: "непроданный хлеб",
            importance: 5,
            revealed_by: [Problem],
            lines: (
                problem: [
                    "Каждый вечер мы выбрасываем ящики хлеба. Сердце кровью обливается, да и деньги.",
                ],
                implication: [
                    "Это примерно десятая часть выпечки. Если так пойдёт, новая пекарня не окупится. Да, мне нужно печь ближе к тому, что продаём.",
                ],
                need_payoff: [
                    "Если бы мы вдвое сократили списания, я бы выплатила всем нормальную премию к Новому году.",
                ],
                present: [
                    "По каждой пекарне и каждому батону? Именно это мои заведующие угадывают каждое утро.",
                ],
            ),
        ),
        (
            id: "staff-time",
            topic: "бумажная работа заведующих",
            importance: 3,
            revealed_by: [Situation],
            lines: (
                situation: [
                    "Заведующие составляют график и заказы вручную, после закрытия.",
                ],
                problem: [
                    "Они каждый день задерживаются на час. Двое уже сказали мне, что устали.",
                ],
                implication: [
                    "Если я потеряю кого-то из них, я потеряю двадцать лет опыта. Мне нужно снять с них эту бумажную работу.",
                ],
                need_payoff: [
                    "Час в день для каждой заведующей — это значит вовремя домой, к семье.",
                ],
                present: [
                    "Они будут рады. Меньше бумаг, больше времени в зале.",
                ],
            ),
        ),
        (
            id: "ordering",
            topic: "заказы муки",
            importance: 2,
            lines: (
                situation: [
                    "Каждая пекарня сама звонит на мельницу со своим заказом.",
                ],
                problem: [
                    "Бывает, две пекарни заказывают одно и то же, а в третьей кончается ржаная мука.",
                ],
                implication: [
                    "В прошлом месяце два дня не было ржаного хлеба, постоянные покупатели расстроились. Я хочу, чтобы заказы были точными.",
                ],
                need_payoff: [
                    "Один правильный заказ в день избавил бы и мельницу, и нас от кучи звонков.",
                ],
                present: [
                    "То есть никому не надо помнить про звонок на мельницу. Хорошо.",
                ],
            ),
        ),
    ],

    // Возражения клиента. `trigger`: PriceMention, Stage(Presentation) (или другой этап встречи),
    // LowTrust(0.25), Random(0.1), AfterTurn(8) или Close. Техники: Acknowledge, Clarify,
    // Evidence, Reframe, FeelFeltFound, Concede. `resolves` снимают возражение, `weakens` немного
    // помогают, `backfires` делают хуже. `strength` от 1 до 5 (по умолчанию 2); `returns: true` —
    // возражение может вернуться сомнением при закрытии.
    objections: [
        (
            id: "price",
            topic: "цена",
            trigger: PriceMention,
            strength: 2,
            resolves: [Reframe, Evidence],
            weakens: [Clarify],
            backfires: [Concede],
            returns: true,
            lines: (
                raise: ["Для пекарни это большие деньги."],
                clarify: ["Мне нужно, чтобы система окупилась за год; мы небольшой семейный бизнес."],
                weakened: ["Продолжайте, я слушаю."],
                resolved: ["Если сэкономленный хлеб её окупит, тогда это не дорого."],
                backfire: ["Если цена так быстро падает, сколько же она стоила на самом деле?"],
                doubt: ["Меня всё-таки немного беспокоят деньги."],
            ),
        ),
        (
            id: "staff-change",
            topic: "сотрудникам придётся осваивать новое",
            trigger: Stage(Presentation),
            resolves: [Evidence, Reframe],
            weakens: [Acknowledge, Clarify],
            backfires: [FeelFeltFound],
            lines: (
                raise: ["Мои люди двадцать лет работают по-своему. Не хочу их расстраивать."],
                clarify: ["Некоторым скоро на пенсию; компьютер их немного пугает."],
                weakened: ["Может быть. Но они привыкли по-своему."],
                resolved: ["Если другие семейные пекарни справились со своими опытными сотрудниками, справимся и мы."],
                backfire: ["Пожалуйста, не рассказывайте мне, что я чувствую."],
            ),
        ),
    ],

    // Как клиент торгуется. `opening` — его первое встречное предложение; `reservation` — максимум,
    // который он заплатит без интереса и при полном интересе (реальный предел — между ними, по
    // интересу, который вызвал продавец). `beta` меньше 1 — уступает поздно, больше 1 — рано;
    // `kappa` — доля уступки сразу; `deadline` — сколько встречных предложений до ухода.
    // `{price}` в репликах заменяется ценой.
    negotiation: (
        opening: 750000,
        reservation: (850000, 1300000),
        beta: 0.8,
        kappa: 0.1,
        deadline: 6,
        walk_away_is_the_lesson: false,
        counter_lines: [
            "Может, {price}? Такую сумму я смогу объяснить мужу.",
            "{price} — и завтра же скажу заведующим.",
        ],
    ),

    // После продажи: действия, которые клиент ценит и которые его раздражают (AskFeedback,
    // Training, Support, CheckIn, Loyalty, Upsell), и его реакция на каждое.
    follow_up: (
        expects: [Training, CheckIn],
        dislikes: [Upsell],
        lines: {
            Training: ["Да, обучите заведующих, по одной пекарне за раз."],
            CheckIn: ["Спасибо, что позвонили. Вечерние ящики уже легче."],
            AskFeedback: ["Всё хорошо, спасибо."],
            Upsell: ["Давайте сначала привыкнем к этому."],
        },
    ),

    // Для продажи в кредит раскомментируйте `debt`: после сделки продавец собирает оплату.
    // `share` — доля цены в кредит, `due_week` — неделя оплаты, `weeks` — через сколько недель
    // неоплаченное списывается, `reliability` — насколько клиент платёжеспособен (0–1); слова клиента,
    // когда он платит, тянет с оплатой и обижается.
    // debt: (share: 0.5, due_week: 4, weeks: 8, reliability: 0.6, lines: (pays: ["Оплатила, спасибо за терпение."], stalls: ["В этом месяце сначала мука; на следующей неделе, обещаю."], offended: ["Юристы? После стольких лет?"])),

    // Слова клиента для приветствия, разговора о жизни, сделки и ухода.
    lines: (
        greeting: ["Добро пожаловать! Проходите, возьмите круассан, пока тёплый."],
        small_talk: ["Пекарне на Рыночной исполнилось двадцать пять лет; мы устроили небольшой праздник для постоянных покупателей."],
        deal: ["Договорились. Папе бы это понравилось. Присылайте договор."],
        leaves: ["Простите, мне пора к печам. До свидания."],
    ),
)
"#;

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::bots::{self, BotKind};
    use crate::session::Outcome;
    use crate::{Rubric, load_scenario};

    #[test]
    fn both_languages_validate_without_warnings() {
        for lang in [Lang::En, Lang::Ru] {
            let text = template("my-client", lang);
            let loaded = load_scenario("my-client.ron", text.as_bytes())
                .unwrap_or_else(|d| panic!("{lang:?}:\n{d}"));
            assert!(
                loaded.warnings.is_empty(),
                "{lang:?}: {:?}",
                loaded.warnings
            );
            assert_eq!(loaded.scenario.id, "my-client");
            assert_eq!(loaded.scenario.language, lang);
            // The commented-out credit sale works once uncommented.
            let credit = text.replace("// debt: (", "debt: (");
            let loaded = load_scenario("my-client.ron", credit.as_bytes())
                .unwrap_or_else(|d| panic!("{lang:?} with debt:\n{d}"));
            assert!(loaded.warnings.is_empty() && loaded.scenario.debt.is_some());
        }
    }

    #[test]
    fn textbook_closes_the_template_on_every_seed() {
        for lang in [Lang::En, Lang::Ru] {
            let sc = Arc::new(
                load_scenario("t.ron", template("t", lang).as_bytes())
                    .unwrap()
                    .scenario,
            );
            for seed in 1..=20 {
                let s = bots::play(BotKind::Textbook, sc.clone(), Rubric::default(), seed);
                assert!(
                    matches!(s.outcome(), Some(Outcome::Deal { .. })),
                    "{lang:?} seed {seed}: {:?}",
                    s.outcome()
                );
            }
        }
    }

    #[test]
    fn the_template_is_balanced() {
        use crate::analysis::{Options, analyze};
        for lang in [Lang::En, Lang::Ru] {
            let sc = Arc::new(
                load_scenario("t.ron", template("t", lang).as_bytes())
                    .unwrap()
                    .scenario,
            );
            let opts = Options {
                runs: 20,
                threads: 2,
                ..Options::default()
            };
            let report = analyze(&[sc], &opts, &|_, _| {});
            let warnings: Vec<String> = report.scenarios[0]
                .flags
                .iter()
                .filter(|f| f.is_warning())
                .map(ToString::to_string)
                .collect();
            assert!(warnings.is_empty(), "{lang:?}: {warnings:?}");
        }
    }

    #[test]
    fn every_section_has_a_comment() {
        for lang in [Lang::En, Lang::Ru] {
            let text = template("x", lang);
            assert!(text.contains("docs/scenario-format.md"));
            let lines: Vec<&str> = text.lines().collect();
            for section in [
                "    id: ",
                "    client: (",
                "    product: (",
                "        terms: [",
                "    needs: [",
                "    objections: [",
                "    negotiation: (",
                "    follow_up: (",
                "    // debt: (",
                "    lines: (",
            ] {
                let i = lines
                    .iter()
                    .position(|l| l.starts_with(section))
                    .unwrap_or_else(|| panic!("{lang:?}: no `{section}`"));
                assert!(
                    lines[i - 1].trim_start().starts_with("//"),
                    "{lang:?}: `{section}` has no comment above it"
                );
            }
        }
    }
}
