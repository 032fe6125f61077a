"""Coverage questions answered from the same-story groups: which outlets, how many
articles, covered by more than one."""

from __future__ import annotations

import pytest

from rag.news.coverage import answer_coverage
from rag.news.index import NewsIndex
from rag.news.questions import classify
from tests.support.news import blockade_news, fake_embed, news_of, one_hot


@pytest.fixture(scope="module")
def news() -> NewsIndex:
    return blockade_news()


def reply(news: NewsIndex, question: str) -> tuple[str, list[str]]:
    got = answer_coverage(classify(question), news, fake_embed)
    assert got is not None, question
    return " ".join(s.text for s in got[0]), [c.source for c in got[1]]


def test_the_blockade_reports_form_one_group(news: NewsIndex) -> None:
    assert ["courier2.txt", "herald.txt", "radio.txt"] in news.groups


def test_which_outlets_cites_the_group_once_with_also_reported_by(news: NewsIndex) -> None:
    text, cited = reply(news, "Which outlets reported the fishing boats' blockade of the "
                              "harbour mouth?")
    assert len(cited) == 1 and "also reported by" in text
    for outlet in ("Radio Bay News", "Bay Herald", "City Courier"):
        assert outlet in text
    assert "three reports of the same story" in text


def test_a_topic_put_first_is_what_it_points_back_to(news: NewsIndex) -> None:
    """"The blockade - how many stories cover it, and from which papers?": "it" is
    the topic before the dash; the papers are listed with the count anyway."""
    q = "The fishing boats' blockade of the harbour mouth - how many stories cover it?"
    assert classify(q).kind == "count"
    assert classify(q).parts == ["fishing boats' blockade of the harbour mouth"]
    asked = classify(f"{q[:-1]}, and from which papers?")
    assert (asked.kind, asked.parts) == ("count", classify(q).parts)
    text, _ = reply(news, q)
    assert text.startswith("Three articles (3)")
    assert classify("Jonah Whitlock - how many goals did he score?").kind == "none"


def test_how_many_articles_mention_counts_articles(news: NewsIndex) -> None:
    text, cited = reply(news, "How many articles mention the 2014 doping scandal?")
    assert text.startswith("One article (1)") and cited == ["doping.txt"]


def test_which_outlet_reported_both(news: NewsIndex) -> None:
    text, cited = reply(news, "Which outlet reported both the ferry vote and the harbour "
                              "mouth blockade?")
    assert "City Courier" in text and set(cited) == {"courier.txt", "courier2.txt"}


def test_covered_by_more_than_one(news: NewsIndex) -> None:
    text, _ = reply(news, "Is the ferry vote covered by more than one of the articles?")
    assert text.startswith("No: only one article reports it")
    text, _ = reply(news, "Did more than one outlet report the ferry vote?")
    assert text.startswith("No: only one outlet reports it")
    text, cited = reply(news, "Have several papers covered the fishing boats' blockade of "
                              "the harbour mouth?")
    assert text.startswith("Yes: three outlets (3)") and len(cited) == 3
    text, cited = reply(news, "Have several articles covered the fishing boats' blockade "
                              "of the harbour mouth?")
    assert text.startswith("Yes: three articles (3)") and len(cited) == 3
    text, cited = reply(news, "Is there more than one report of the fishing boats' "
                              "blockade of the harbour mouth? Which papers ran it?")
    assert text.startswith("Yes: three outlets (3)") and len(cited) == 3


def test_outlets_asked_are_counted_once_however_many_articles_they_ran() -> None:
    """"Reported by several outlets or just one?" where one outlet ran two articles on
    it: one outlet, both articles cited under its name."""
    from tests.support.news import BLOCKADE_ARTICLES

    again = ("Dredger turned back\n\nBy Jo Reed, City Courier\n\nPublished July 10, 2025\n\n"
             "The fishing boats' blockade of the harbour mouth went on for a second day.")
    articles = {k: v for k, v in BLOCKADE_ARTICLES.items() if k not in ("radio.txt", "herald.txt")}
    topic = {"courier2.txt": 0, "courier3.txt": 0}
    news = news_of({**articles, "courier3.txt": again},
                   lambda name: one_hot(topic.get(name, hash(name) % 7 + 1)))
    question = ("Was the fishing boats' blockade of the harbour mouth reported by several "
                "outlets or just one?")
    assert classify(question).outlets
    text, cited = reply(news, question)
    assert text.startswith("No: only one outlet reports it: City Courier [1][2] (two articles)")
    assert set(cited) == {"courier2.txt", "courier3.txt"}
    assert not classify("How many articles mention the paper mill?").outlets


def test_several_articles_or_just_one_and_a_second_question(news: NewsIndex) -> None:
    """"… by several articles or just one, and which …?": the count (not two versions
    to weigh), then the answer's own reply to the second question, renumbered."""
    from rag.news.answer import finish
    from rag.news.versions import alternatives
    from rag.schema import Answer, AnswerSentence, Citation

    q = ("Is the ferry vote covered by several articles or just one, and which paper "
         "reported it?")
    assert alternatives(q) == []
    quote = news.texts["courier.txt"].strip()
    cite = Citation(n=1, source="courier.txt", title="t", snippet=quote, score=1.0, start=0,
                    end=len(quote), quote=quote, quote_start=0, quote_end=len(quote))
    model = Answer(question=q, text="The City Courier reported it. [1]", supported=True,
                   citations=[cite], sentences=[AnswerSentence(
                       text="The City Courier reported it. [1]", citations=[1],
                       supported=True)])
    out = finish(model, q, lambda: news, fake_embed)
    assert out.text.startswith("No: only one article reports it")
    assert out.text.endswith("The City Courier reported it. [2]")
    assert [c.n for c in out.citations] == [1, 2]


def test_coverage_counts_a_word_in_its_other_forms() -> None:
    from rag.news.coverage import covered
    from rag.text import terms

    assert covered(set(terms("hamstring injury")), set(terms("the injured hamstring"))) == 1.0
    assert covered(set(terms("February 4")), set(terms("on Feb. 4"))) == 1.0
    assert covered(set(terms("ferry vote")), set(terms("the library"))) == 0.0
    assert covered(set(terms("part")), set(terms("partner"))) == 0.0  # too short to stem
    # a score in figures is the same score in words ("voted 7-4", "seven votes to four")
    assert covered(set(terms("council 7-4")), set(terms("the council, seven to four"))) == 1.0
    assert covered(set(terms("7 boats")), set(terms("eight boats"))) == 0.5


def test_the_frame_verb_of_a_coverage_question_is_not_part_of_the_event() -> None:
    for verb in ("give", "state", "list", "quote"):
        ask = classify(f"How many articles {verb} the cost of the ferry?")
        assert (ask.kind, ask.parts) == ("count", ["cost of the ferry"]), verb


def test_which_outlets_reporter_is_a_coverage_question() -> None:
    ask = classify("Which outlet's reporter covers the harbour in these articles?")
    assert (ask.kind, ask.parts) == ("which", ["harbour"])


def test_a_topic_in_other_stories_is_not_said_to_be_reported_nowhere_else() -> None:


    articles = {
        "win.txt": "Gulls win\n\nBy Kay Boyce, Evening Post\n\nPublished March 9, 2025\n\n"
                   "The Gulls beat Dunmore 2-0 yesterday.",
        "signing.txt": "Gulls sign striker\n\nBy Kay Boyce, Evening Post\n\nPublished "
                       "January 22, 2025\n\nThe Gulls signed a striker yesterday.",
    }
    gulls = news_of(articles, lambda name: one_hot(list(articles).index(name), 4))  # 2 stories
    got = answer_coverage(classify("Which outlet covers the Gulls?"), gulls, fake_embed)
    assert got is not None
    text = " ".join(s.text for s in got[0])
    assert "no other article reports it" not in text
    assert "one other article also mentions it (Evening Post)" in text
    # the report it names is quoted, so the reader sees what it says
    assert "reports it: \u201cThe Gulls" in text


def test_which_reporters_names_the_writers_with_their_outlets(news: NewsIndex) -> None:
    text, _ = reply(news, "Which reporters wrote up the fishing boats' blockade of the "
                          "harbour mouth?")
    for writer in ("Ann Lee (Radio Bay News)", "Tom Hale (Bay Herald)", "Jo Reed (City Courier)"):
        assert writer in text


def test_besides_an_outlet_lists_the_others_only(news: NewsIndex) -> None:
    text, cited = reply(news, "Besides the Bay Herald, which outlets ran a story on the "
                              "fishing boats' blockade of the harbour mouth?")
    assert "Radio Bay News" in text and "City Courier" in text
    assert "Bay Herald" not in text and cited != ["herald.txt"]


def test_besides_an_outlet_whose_later_story_matches_best_leads_with_another() -> None:
    # the set-aside outlet's later article retells the blockade best, alone in its story
    from tests.support.news import BLOCKADE_ARTICLES

    later = ("Dredging begins\n\nBy Tom Hale, Bay Herald\n\nPublished September 16, 2025"
             "\n\nThe dredger began work, two months after the fishing boats' blockade "
             "of the harbour mouth turned the dredger back.")
    topic = {"radio.txt": 0, "herald.txt": 0, "courier2.txt": 0, "later.txt": 1}
    news = news_of({**BLOCKADE_ARTICLES, "later.txt": later},
                   lambda name: one_hot(topic.get(name, hash(name) % 6 + 2)))
    text, cited = reply(news, "Besides the Bay Herald, which outlets covered the fishing "
                              "boats' blockade that turned the dredger back?")
    assert "Radio Bay News" in text and "City Courier" in text
    assert "Bay Herald" not in text and not {"herald.txt", "later.txt"} & set(cited)


def test_the_frame_around_a_coverage_topic_is_not_part_of_it() -> None:
    assert classify("In how many articles does the harbour blockade come up?").parts == [
        "harbour blockade"]
    assert classify("How many separate reports of the ferry vote are in the collection?"
                    ).parts == ["ferry vote"]
    assert classify("On what day of the week does the dredging start?").parts == [
        "dredging start"]


def test_name_the_journalists_who_is_a_which_question(news: NewsIndex) -> None:
    ask_ = classify("Name the journalists who wrote up the fishing boats' blockade.")
    assert (ask_.kind, ask_.detail) == ("which", "journalists")
    listed, _ = reply(news, "List the reporters who wrote up the fishing boats' blockade "
                            "of the harbour.")
    asked, _ = reply(news, "Which reporters wrote up the fishing boats' blockade of the "
                           "harbour?")
    assert listed == asked


def test_how_many_reports_counts_the_story_not_the_articles_that_match_best() -> None:
    """"How many reports are there about X" counts one event's retellings: the
    same-story group most matches belong to, the one that words X its own way
    included; an article of another story that mentions X in passing is set apart."""
    from tests.support.news import BLOCKADE_ARTICLES

    passing = ("Council meeting\n\nBy Kim Ray, Harbour Post\n\nPublished July 20, 2025\n\n"
               "Councillors discussed the fishing boats blocking the dredger at the harbour "
               "mouth, and the ferry budget.")
    topic = {"radio.txt": 0, "herald.txt": 0, "courier2.txt": 0}
    news = news_of({**BLOCKADE_ARTICLES, "post.txt": passing},
                   lambda name: one_hot(topic.get(name, hash(name) % 7 + 1)))
    text, cited = reply(news, "How many separate reports are there about the fishing boats "
                              "blocking the dredger at the harbour mouth?")
    assert text.startswith("Three articles (3)")
    assert set(cited) == {"radio.txt", "herald.txt", "courier2.txt"}
    assert "One other article mentions it in passing (Harbour Post)" in text
    # a count of the articles that say something is not a count of one story's reports
    assert classify("How many articles quote the harbour master?").mention
    assert classify("In how many of the pieces does the harbour master's line appear?").mention
    assert not classify("How many articles report the blockade?").mention
    # what someone said is retold across stories: its mentions are counted
    assert classify("In how many of the articles is Russia's denial that it ran a doping "
                    "system reported?").mention
    assert classify("Is the mayor's line about the tide reported in more than one article?"
                    ).mention
    assert classify("How many articles explain that officials can attend only if invited?"
                    ).mention


def test_a_mention_in_passing_may_read_further_from_the_topic_than_a_report() -> None:
    """"How many articles mention X?" counts an article whose best sentence reads 0.74
    of the best one's (a passing mention); "how many report X?" does not."""
    from rag.news.coverage import MENTION_NEAR, _above

    scores = [(0.9, "a.txt", (0, 1)), (0.67, "b.txt", (0, 1)), (0.55, "c.txt", (0, 1))]
    assert [s for _, s, _ in _above(scores)] == ["a.txt"]
    assert [s for _, s, _ in _above(scores, MENTION_NEAR)] == ["a.txt", "b.txt"]
    assert classify("How many articles mention the boycott?").passing
    assert classify("In how many articles does the cup final come up?").passing
    assert not classify("How many articles report the boycott?").passing
    # a quote must read close: "quote", "say", "Putin's line" are no mention in passing
    assert not classify("How many articles quote Putin calling ties a model?").passing
    assert not classify("How many articles mention Putin's line on sport?").passing


def test_how_many_of_these_articles_is_a_count_too() -> None:
    """"How many of these articles cover X?" asks what "How many of the articles" does."""
    for words in ("these", "the", "those"):
        ask = classify(f"How many of {words} articles cover the Putin-Xi video call?")
        assert (ask.kind, ask.parts) == ("count", ["Putin-Xi video call"]), words


def test_a_month_the_question_names_leaves_out_articles_of_other_months() -> None:
    """"How many articles report the dredging's completion in November?": the plan in
    February and the deal in August are about the dredging, but not that month's."""
    dredging = news_of({
        "plan.txt": "Harbour dredging plan\n\nPublished February 4, 2025\n\nThe harbour "
                    "authority wants to start dredging the harbour channel this summer.",
        "deal.txt": "Harbour dredging deal\n\nPublished August 13, 2025\n\nThe harbour "
                    "authority agreed a deal on dredging the harbour channel.",
        "done.txt": "Harbour dredging completed\n\nPublished November 22, 2025\n\nThe "
                    "dredging of the harbour channel was completed on Friday.",
    }, lambda name: one_hot(0))
    text, cited = reply(dredging, "How many articles report the completion of the harbour "
                                  "dredging in November?")
    assert cited == ["done.txt"] and text.startswith("One article")


def test_an_article_naming_the_topic_s_head_word_for_word_mentions_it() -> None:
    """"How many articles mention the Western diplomatic boycott of the Games?": "this
    diplomatic boycott" mentions it, however far its sentence reads from the phrase."""
    from rag.news.coverage import _naming_head

    boycott = news_of({
        "a.txt": "Boycott\n\nThe Western diplomatic boycott of the Games began in December.",
        "b.txt": "Moscow\n\nMoscow considers this diplomatic boycott an insult.",
        "c.txt": "Sport\n\nThe athletes trained in the snow all week.",
    })
    scores = [(0.9, "a.txt", (0, 1)), (0.55, "b.txt", (0, 1)), (0.52, "c.txt", (0, 1))]
    found = scores[:1]
    phrase = "Western diplomatic boycott of the Games"
    assert [s for _, s, _ in _naming_head(boycott, phrase, scores, found)] == ["b.txt"]
    # a head of one word, or an article too far from the phrase, adds nothing
    assert _naming_head(boycott, "boycott of the Games", scores, found) == []
    # the head ends at the first preposition: "the cup final against Millbeck Town" is
    # about the cup final, whatever else names Millbeck Town
    town = news_of({"a.txt": "Cup\n\nThe cup final against Millbeck Town was lost 2-1.",
                    "b.txt": "League\n\nThe Gulls drew with Millbeck Town at home."})
    both = [(0.9, "a.txt", (0, 1)), (0.6, "b.txt", (0, 1))]
    assert _naming_head(town, "cup final against Millbeck Town", both, both[:1]) == []
    low = [scores[0], (0.3, "b.txt", (0, 1))]
    assert _naming_head(boycott, phrase, low, found) == []


def test_did_any_other_outlet_report_x_sets_the_named_outlet_aside(news: NewsIndex) -> None:
    """"Besides the Herald, did any other outlet report X?": X is the topic (not the
    clause naming the outlet), and the outlet, named by its last word, is set aside."""
    for q in ("Besides the Herald, did any other outlet report the fishing boats' "
              "blockade of the harbour mouth?",
              "Did any other paper apart from the Herald cover the fishing boats' "
              "blockade of the harbour mouth?"):
        ask = classify(q)
        assert ask.parts == ["fishing boats' blockade of the harbour mouth"], q
        text, cited = reply(news, q)
        assert "Radio Bay News" in text and "City Courier" in text
        assert "Bay Herald" not in text and "herald.txt" not in cited
    # the topic put before the question is still the topic
    assert classify("The fishing boats blocked the harbour mouth. Did any other outlet "
                    "report it?").parts == ["The fishing boats blocked the harbour mouth"]


def test_a_coverage_question_keeps_the_aside_that_picks_out_its_event() -> None:
    """"Is Xi's Moscow visit, where the leaders welcomed the IOC's move, covered by more
    than one article?": the clause tells which meeting; a time question's aside ("the
    Rio Olympics, where many Russians were banned, …") names no event and is dropped."""
    ask = classify("Is Xi's Moscow visit, where the two leaders welcomed the IOC's move, "
                   "covered by more than one of the articles?")
    assert ask.kind == "count" and "welcomed the IOC's move" in ask.parts[0]
    when = classify("When were the 2016 Rio Olympics, where many Russians were banned, held?")
    assert when.kind == "when" and "banned" not in when.parts[0]
