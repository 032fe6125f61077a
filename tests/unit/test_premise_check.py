"""A question that takes for granted the opposite of what the articles say ("Why did X
turn down Y?" when X accepted) gets the correction, cited, before any answerer runs;
a question whose premise the articles bear out is left to the answerer."""

from __future__ import annotations

import numpy as np

from rag.answer.days import lengths, other_day
from rag.answer.opposites import opposite_note
from rag.answer.premise import premise_answer, question_premise
from rag.embed import HashEncoder
from rag.retrieval.hybrid import Passage
from rag.schema import is_declined
from rag.store import StoredChunk

ENCODER = HashEncoder()
TEXT = ("The mayor accepted the invitation to attend the opening of the bridge. "
        "The council voted against the budget in March. "
        "The club lost the cup final 2-1 to Millbeck on Saturday.")


def passages(text: str = TEXT, title: str = "City news") -> list[Passage]:
    chunk = StoredChunk(id="a#0", source="a.txt", title=title, date=None, text=text,
                        start=0, end=len(text))
    return [Passage(chunk, np.zeros(ENCODER.dim, dtype=np.float32), 0.5, 0.5, 1, 1)]


def ask(question: str) -> object:
    return premise_answer(question, question, passages(), ENCODER.embed, 0.6)


def test_a_clause_taken_for_granted_may_hold_a_date_s_comma() -> None:
    """"Given that the storm hit on Saturday, January 11, how long …?": the clause runs
    to the comma before the question, not to the date's."""
    assert question_premise("Given that Storm Ilse hit Harbourton on Saturday, January 11, "
                            "how long was the wall it knocked down?") == \
        "Storm Ilse hit Harbourton on Saturday, January 11"
    assert question_premise("After the council voted on Tuesday, 18 March, what did she "
                            "say?") == "the council voted on Tuesday, 18 March"
    assert question_premise("If the ban ends, how will they compete?") == "the ban ends"


def test_what_a_question_takes_for_granted() -> None:
    assert question_premise("Why did the mayor turn down the invitation?") == \
        "the mayor turn down the invitation"
    assert question_premise("How did the club manage to win the cup final?") == \
        "the club win the cup final"
    assert question_premise("Who won the cup final?") is None
    assert question_premise("Why?") is None


def test_opposite_actions_are_flagged_and_agreeing_ones_are_not() -> None:
    assert opposite_note("the mayor turn down the invitation", TEXT.split(". ")[0])
    assert opposite_note("the club beat Millbeck in the final", TEXT.split(". ")[2])
    assert opposite_note("the council backed the budget", TEXT.split(". ")[1])
    assert not opposite_note("the mayor accepted the invitation", TEXT.split(". ")[0])
    assert opposite_note("Putin pulled out of the opening ceremony",
                         "Putin accepted the invitation to attend the opening ceremony.")
    assert not opposite_note("Putin attended the opening ceremony",
                             "Putin attended the opening ceremony in Beijing.")
    # "allowed to compete without the flag" says what "barred from using their flag" says
    assert not opposite_note("athletes barred from using their flag",
                             "Athletes are allowed to compete as neutrals, without the flag.")
    assert opposite_note("athletes barred from the Games",
                         "Athletes are allowed to compete at the Games, without the flag.")
    # a negated word is the negation check's business, not an opposite
    assert not opposite_note("the council did not back the budget", TEXT.split(". ")[1])


def test_a_contradicted_premise_is_corrected_with_a_citation() -> None:
    answer = ask("Why did the mayor turn down the invitation to attend the opening of the "
                 "bridge?")
    assert answer is not None and not is_declined(answer)
    assert "say otherwise" in answer.text and "accepted the invitation" in answer.text
    assert answer.citations[0].quote.startswith("The mayor accepted")


def test_a_premise_the_articles_bear_out_is_left_to_the_answerer() -> None:
    assert ask("Why did the mayor accept the invitation to attend the opening of the "
               "bridge?") is None
    assert ask("Why did the council vote against the budget in March?") is None


def test_the_correction_also_quotes_who_the_premise_names() -> None:
    text = ("The council approved the budget by eight votes to three. "
            "Former chair Pryce said he had backed it because the sea wall cannot wait.")
    found = passages(text, "Budget")
    question = "Why did Pryce vote against the budget?"
    answer = premise_answer(question, question, found, ENCODER.embed, 0.5)
    assert answer is not None and len(answer.citations) == 2
    assert answer.citations[0].quote.startswith("The council approved")
    assert answer.citations[1].quote.startswith("Former chair Pryce")


def test_a_when_or_after_clause_is_taken_for_granted_too() -> None:
    assert question_premise("What did the mayor say when she turned down the invitation?") \
        == "she turned down the invitation"
    assert question_premise("Who took over after the manager left in the spring?") == \
        "the manager left in the spring"
    # no verb in the past: the clause only dates the question
    assert question_premise("Who won the cup after the Games?") is None
    assert question_premise("When did the council meet?") is None
    answer = ask("What did the mayor say when she turned down the invitation to attend the "
                 "opening of the bridge?")
    assert answer is not None and "accepted the invitation" in answer.text
    assert answer.corrects_premise


def test_rising_and_falling_early_and_late_staying_and_leaving_are_opposites() -> None:
    assert opposite_note("turnout fell in 2025", "Turnout rose to 48.2 per cent.")
    assert opposite_note("the dredging overran", "It finished three days ahead of schedule.")
    assert opposite_note("the manager left in the spring",
                         "In April he signed an extension until 2027.")
    assert opposite_note("the forum came out against letting them back",
                         "The forum said it supported their return.")
    assert not opposite_note("turnout rose in 2025", "Turnout rose to 48.2 per cent.")
    assert not opposite_note("the council will back the plan", "The council backs the plan.")
    # a freeze against a rise; having one's own against being deprived of it
    assert opposite_note("the budget froze council tax",
                         "The budget includes a 4.5 per cent council tax rise.")
    assert not opposite_note("the budget froze council tax", "Council tax is frozen.")
    assert opposite_note("the team played under its own flag in 2018",
                         "The team was also deprived of its flag at the 2018 Games.")
    assert not opposite_note("the team played under its own flag",
                             "The team played under its own flag again.")


def test_an_opposite_below_the_support_bar_still_corrects() -> None:
    """No sentence bears out "the manager left"; the one saying he stayed is about him
    but scores below the bar, as the opposite sentence often does (few shared words)."""
    text = ("Manager Fergus Brannagh admitted the injury was a blow. The squad has 20 "
            "players this season. Tickets for the derby sold out in an hour. Fergus "
            "Brannagh signed an extension that keeps him at the club until 2027.")
    found = passages(text, "Sport")
    question = "Who took over as manager after Fergus Brannagh left the club in the spring?"
    answer = premise_answer(question, question, found, ENCODER.embed, 0.6)
    assert answer is not None and "signed an extension" in answer.text


def test_an_action_the_articles_give_to_someone_else_is_corrected() -> None:
    """"What did Conrad Vell say when he cut the ribbon?" when the articles say Rosalind
    Tench cut it: the clause's "he" is the name, and the sentence naming another
    person doing the same thing corrects it; the true agent's question is left alone."""
    text = ("Crowds queued from dawn as the library reopened. Mayor Rosalind Tench cut a "
            "ribbon across the main entrance at 10am. Harbour chief Conrad Vell was "
            "not there.")
    here = passages(text, "Library reopens")
    assert question_premise("What did Conrad Vell say when he cut the ribbon?") == \
        "Conrad Vell cut the ribbon"
    wrong = premise_answer("What did Ada Brook say when she cut the ribbon at the "
                           "entrance?", "What did Ada Brook say when she cut the ribbon "
                           "at the entrance?", here, ENCODER.embed, 0.6)
    assert wrong is not None and wrong.corrects_premise
    assert "Rosalind Tench cut a ribbon" in wrong.text
    right = "What did Rosalind Tench say when she cut the ribbon at the entrance?"
    assert premise_answer(right, right, here, ENCODER.embed, 0.6) is None


def test_an_if_or_since_clause_is_taken_for_granted() -> None:
    """"Since the mayor turned down the invitation, who went instead?" assumes she
    turned it down; the articles say she accepted."""
    q = "Since the mayor turned down the invitation to the opening of the bridge, who went?"
    assert question_premise(q) == "the mayor turned down the invitation to the opening of " \
                                  "the bridge"
    assert question_premise("If the club lost the final, how did the fans react?") == \
        "the club lost the final"
    answer = ask(q)
    assert answer is not None and "accepted the invitation" in answer.text
    assert question_premise("If so, why?") is None


def test_a_leading_after_or_when_clause_and_a_wh_word_after_a_preposition() -> None:
    """"After X said Y, what …?" and "Given that X, on what date …?" take X as given; a
    leading clause with no verb in the past only dates the question."""
    assert question_premise("After the mayor turned down the invitation, who went "
                            "instead?") == "the mayor turned down the invitation"
    assert question_premise("When the club lost the final on Saturday, roughly how many "
                            "fans stayed?") == "the club lost the final on Saturday"
    assert question_premise("Given that the final is on 14 May, on what date do the "
                            "fans travel?") == "the final is on 14 May"
    assert question_premise("When the Games open, what will the mayor do?") is None
    assert question_premise("After the mayor won her third term, whom did she name as "
                            "deputy?") == "the mayor won her third term"


def test_another_weekday_or_month_for_the_same_event_corrects_the_premise() -> None:
    assert other_day("the club chose a Sunday for the final", "The club lost the cup "
                     "final on Saturday.")
    assert other_day("the war began in March 2022", "It began in February last year.")
    assert not other_day("the club lost on Saturday", "The club lost on Saturday.")
    assert not other_day("the club lost the final", "The club lost on Saturday.")
    assert not other_day("they may meet in June", "They will meet in June.")  # "may"
    assert not other_day("she won a third term in October",  # "October's" is October
                         "She will stand in October's election, she said on May 26.")
    answer = ask("Why did the club lose the cup final to Millbeck on a Sunday?")
    assert answer is not None and answer.corrects_premise
    assert "on Saturday" in answer.text


def test_a_record_low_is_the_opposite_of_a_record_high() -> None:
    assert opposite_note("relations sank to an unprecedented low",
                         "Relations have reached an unprecedented high level.")
    assert not opposite_note("prices hit a record high", "Prices hit a record high.")


def test_is_it_true_asks_to_check_its_premise_and_another_figure_corrects_it() -> None:
    """"Is it true that 312 …?" takes 312 as the thing to check: the sentence giving
    another figure for it is the answer, cited."""
    assert question_premise("Is it true the club is sending 312 fans to the final?") == \
        "the club is sending 312 fans to the final"
    text = ("The club is sending 212 fans to the cup final in Ashcombe. Tickets sold out "
            "in an hour. The mayor will attend.")
    question = "Is it true the club is sending 312 fans to the cup final?"
    answer = premise_answer(question, question, passages(text), ENCODER.embed, 0.6)
    assert answer is not None and answer.corrects_premise and "212 fans" in answer.text
    right = "Is it true the club is sending 212 fans to the cup final?"
    assert premise_answer(right, right, passages(text), ENCODER.embed, 0.6) is None


def test_a_plan_does_not_bear_out_that_the_event_happened() -> None:
    """The closest sentence to "they beat Millbeck to lift the cup" is the fixture ("the
    Gulls will face Millbeck ..."); the sentence saying they lost it corrects the premise."""
    text = ("The Gulls will face Millbeck in the final to lift the cup on Saturday. The "
            "promotion eased the pain of the previous weekend, when "
            "the Gulls lost the cup final 2-1 to Millbeck.")
    question = "Who scored for the Gulls when they beat Millbeck to lift the cup?"
    answer = premise_answer(question, question, passages(text, "Gulls"), ENCODER.embed, 0.6)
    assert answer is not None and "lost the cup final" in answer.text


def test_a_plan_that_speaks_to_the_action_still_bears_on_the_premise() -> None:
    """"Will stay open" is closest to "the school closed" and says the opposite itself:
    it is the correction, not a sentence further down."""
    text = ("Brackenridge Primary School will stay open after the board rejected its "
            "closure on Monday. Parents campaigning to keep the school open delivered a "
            "petition in March.")
    question = "Why was Brackenridge Primary School closed in the summer?"
    answer = premise_answer(question, question, passages(text, "Schools"), ENCODER.embed, 0.6)
    assert answer is None or "will stay open" in answer.text


def test_a_leading_given_or_with_clause_before_a_yes_no_question_is_a_premise() -> None:
    """"With the ferry's cost dropping, have the sailings been brought forward?" takes the
    falling cost for granted; the articles say it rose."""
    assert question_premise("Given that the call lasted half an hour, did the Kremlin "
                            "think it went well?") == "the call lasted half an hour"
    question = "With the ferry's cost dropping in August, have the sailings been brought forward?"
    assert question_premise(question) == "the ferry's cost dropping in August"
    text = ("The ferry's cost has risen in August by £6.5 million to £44.5 million. The "
            "first sailings were pushed back to the autumn.")
    answer = premise_answer(question, question, passages(text, "Ferry"), ENCODER.embed, 0.6)
    assert answer is not None and answer.corrects_premise and "has risen" in answer.text


def test_an_opposite_action_corrects_before_another_month_of_another_event() -> None:
    """Closest to "reject the harbour ferry at its March meeting" is a sentence about a
    January meeting (another month, but another event); the near sentence saying the
    council approved the ferry is the correction."""
    text = ("The council will receive the harbour ferry review at its meeting on January 13. "
            "The council approved the harbour ferry in March by seven votes to four.")
    question = "Why did the council reject the harbour ferry at its March meeting?"
    answer = premise_answer(question, question, passages(text, "Ferry"), ENCODER.embed, 0.6)
    assert answer is not None and answer.corrects_premise
    assert "approved the harbour ferry" in answer.text and "January" not in answer.text
    # the same action on another day is the correction itself, not a cue to look on
    text = ("The library reopened on Saturday, with the mayor cutting the ribbon. While it "
            "was closed, a pop-up library ran on Sundays.")
    question = "Why did the mayor choose a Sunday to reopen the library?"
    answer = premise_answer(question, question, passages(text, "Library"), ENCODER.embed, 0.6)
    assert answer is not None and "reopened on Saturday" in answer.text


def test_a_figure_a_wh_question_states_in_passing_is_checked() -> None:
    """"What time did the city hit its record of 38 degrees?" takes 38 for granted;
    the sentence giving the record as 36.4C corrects it. Years and questions with no
    figure ask plainly."""
    assert question_premise("What time of day did Harbourton hit its record of 38 degrees "
                            "last August?") == "Harbourton hit its record of 38 degrees last August"
    assert question_premise("When did the 2022 Games open?") is None
    # "what pushed up X" asks for a cause; "up X" is no premise ("what led to X" neither)
    assert question_premise("What pushed up the bill for the ferry scheme?") is None
    assert question_premise("What led to the closure of the library?") is None
    assert question_premise("What did they do at 3pm on 17 July?") is None  # a time, a date
    assert question_premise("What was the highest temperature on Thursday, July 17?") is None
    assert question_premise("What time did the city hit its record?") is None
    text = "The city hit its all-time record of 36.4C shortly after 3pm on July 16."
    question = "What time did the city hit its all-time record of 38 degrees?"
    answer = premise_answer(question, question, passages(text, "Heat"), ENCODER.embed, 0.6)
    assert answer is not None and answer.corrects_premise and "36.4C" in answer.text


def test_a_winner_the_articles_have_lose_is_corrected() -> None:
    """"Given that Rosalind Tench won her third term …": closest is her plan to stand
    (a plan bears out no past event); the sentence ending her years in office corrects it."""
    from rag.answer.contest import lost_by

    text = ("Mayor Rosalind Tench will stand for a third term in October. Hattie Lindqvist "
            "has been elected mayor, ending Rosalind Tench's eight years in office.")
    question = ("Given that Rosalind Tench won her third term in October, what did she do "
                "first?")
    answer = premise_answer(question, question, passages(text, "Election"), ENCODER.embed, 0.6)
    assert answer is not None and answer.corrects_premise and "Lindqvist" in answer.text
    assert lost_by("the Gulls beat Millbeck", "The Gulls lost 2-1 to Millbeck.")
    assert not lost_by("Rosalind Tench won her third term", "Tench will stand again.")
    assert not lost_by("the council approved it", "The council lost the vote.")  # no name
    # a win in a year the losing sentence doesn't name is not undone by it
    assert not lost_by("Rosalind Tench was re-elected mayor in 2021",
                       "Lindqvist was elected, ending Rosalind Tench's eight years in office.")
    assert lost_by("Rosalind Tench was re-elected mayor in 2025",
                   "In 2025 Lindqvist was elected, ending Rosalind Tench's eight years.")


def test_a_unanimous_vote_is_corrected_by_a_split_one() -> None:
    """"Why did every councillor vote for the budget?": the closest sentence ("the vote
    showed the council could work together") bears it out in meaning; the one giving
    "eight votes to three" corrects it."""
    from rag.answer.contest import split_vote

    text = ("Lindqvist said the vote showed the council could work across party lines. "
            "The council approved Lindqvist's first budget by eight votes to three.")
    question = "Why did every councillor vote for Lindqvist's first budget?"
    answer = premise_answer(question, question, passages(text, "Budget"), ENCODER.embed, 0.6)
    assert answer is not None and "eight votes to three" in answer.text
    assert split_vote("all members voted for it", "It passed seven votes to four.")
    assert not split_vote("all members voted for it", "It passed by eight votes to nil.")
    assert not split_vote("most members voted for it", "It passed seven votes to four.")


def test_unanimously_with_no_vote_word_is_a_unanimous_vote_too() -> None:
    """"Why did the committee unanimously throw out the motion?": the count corrects it,
    whether the split-vote check or the model's doubt finds it first."""
    from rag.answer.days import correcting
    from rag.answer.premise import doubted

    text = ("Councillor Gideon Marsh called for the project to be paused. "
            "The committee rejected his motion by five votes to two.")
    question = "Why did the transport committee unanimously throw out Marsh's motion?"
    answer = premise_answer(question, question, passages(text, "Ferry"), ENCODER.embed, 0.6)
    assert answer is not None and "five votes to two" in answer.text
    premise = "the transport committee unanimously throw out Marsh's motion"
    check = correcting(premise)
    assert check is not None and check("It was rejected by five votes to two.")
    assert not check("The motion called for a pause.")
    answer = doubted(question, premise, passages(text, "Ferry"), ENCODER.embed)
    assert "five votes to two" in answer.text


def test_a_doubted_length_is_answered_with_the_near_sentence_giving_a_length() -> None:
    """The model doubts "only about half an hour": the correction quotes the sentence
    that says how long the call lasted, not the closest one ("illustrates their
    closeness"), nor one that dates it ("eight days after")."""
    from rag.answer.days import states_length
    from rag.answer.premise import doubted

    assert states_length("only about half an hour") and states_length("lasted 90 minutes")
    assert not states_length("eight days after Putin spoke with Biden")
    text = ("The video call between the two leaders illustrates their closeness. "
            "The call came eight days after the leader spoke with Biden. "
            "An adviser said the conversation had lasted 90 minutes.")
    premise = "the video call between the two leaders so short, only about half an hour"
    answer = doubted("Why was the video call so short?", premise, passages(text, "Call"),
                     ENCODER.embed)
    assert "90 minutes" in answer.text and "eight days" not in answer.text


def test_a_doubted_day_is_answered_with_its_article_s_sentence_giving_another() -> None:
    """The model doubts "the ban gets lifted in August": the correction quotes the
    article's sentence giving another month ("unlikely before October"), not the
    closest one; a month in another article (another event's), or the premise's own
    month, does not correct it."""
    from rag.answer.days import correcting
    from rag.answer.premise import doubted

    assert correcting("the ban gets lifted in August") is not None
    assert correcting("the ban was lifted") is None
    text = ("Coastway Water will impose a hosepipe ban across the district from tomorrow. "
            "The ban will stay in place until reservoir levels recover, which the company "
            "said was unlikely before October.")
    other = StoredChunk(id="b#0", source="b.txt", title="Council", date=None,
                        text="The council will meet again in January.", start=0, end=39)
    found = passages(text, "Ban") + [
        Passage(other, np.zeros(ENCODER.dim, dtype=np.float32), 0.5, 0.5, 1, 1)]
    answer = doubted("Since the hosepipe ban gets lifted in August, can I fill the pool?",
                     "the hosepipe ban gets lifted in August", found, ENCODER.embed)
    assert "October" in answer.text and "January" not in answer.text
    same = ("The hosepipe ban was announced across the district. "
            "It was announced in August by Coastway Water.")
    answer = doubted("Since the ban gets lifted in August, can I fill the pool?",
                     "the hosepipe ban gets lifted in August", passages(same, "Ban"),
                     ENCODER.embed)
    assert "announced across the district" in answer.text


def test_a_word_turned_down_counts_for_its_opposite() -> None:
    """"Refused to back" is against and "rejected its closure" keeps it open: a word
    under a verb that turns it down is not said, so "Why did China refuse to back the
    Games?" is corrected by "China supports the Games", and "after the school was shut
    down" by "will stay open after the board rejected its closure"."""
    assert opposite_note("China refuse to back Russia's Games of the Future",
                         "The Chinese side supports the Games of the Future in Kazan.")
    assert opposite_note("the school was shut down in June",
                         "The school will stay open after the board rejected its closure.")
    assert not opposite_note("the school was shut down in June",
                             "The school was shut down after it opened in 1902.")
    assert not opposite_note("China refused to back the Games",
                             "China refused to support the Games.")


def test_what_is_celebrated_or_reacted_to_is_taken_for_granted() -> None:
    assert question_premise("How did the Gulls celebrate beating Millbeck in the final?") == \
        "the Gulls celebrated beating Millbeck in the final"
    assert question_premise("How did the mayor react to losing her seat?") == \
        "the mayor reacted to losing her seat"
    # "when she was sworn in": a clause in the past with "was" is taken for granted too
    assert question_premise("What did Rosalind Tench promise when she was sworn in as "
                            "mayor?") == "Rosalind Tench was sworn in as mayor"


def test_a_sentence_with_nothing_in_the_past_bears_out_no_past_event() -> None:
    """"The Gulls face Millbeck in the final at home to Eastwick United" is closest to the
    premise but says nothing happened ("United" is a name, not a past verb): the
    sentence saying they lost corrects it."""
    text = ("The Gulls face Millbeck Town in the cup final on April 26, a week before "
            "their match at home to Eastwick United. The promotion eased the pain of the "
            "previous weekend, when the Gulls lost the cup final 2-1 to Millbeck.")
    question = "How did the Gulls celebrate beating Millbeck Town in the cup final?"
    answer = premise_answer(question, question, passages(text, "Gulls"), ENCODER.embed, 0.6)
    assert answer is not None and "lost the cup final" in answer.text


def test_a_question_s_own_was_after_a_gerund_states_no_premise() -> None:
    """"How many days after winning the election was she sworn in?" asks; its "was" is
    the question's, not a past event the clause takes for granted."""
    assert question_premise("How many days after winning the election was Hattie "
                            "Lindqvist sworn in as mayor?") is None


def test_which_of_the_things_takes_it_that_there_were_some() -> None:
    """"Which of the heatwave deaths led …?" takes deaths for granted; "no deaths were
    linked to the heat" corrects it, though other sentences speak of the review."""
    q = "Which of the heatwave deaths led the council to order its review of the centres?"
    assert question_premise(q) == "the heatwave deaths led the council to order its review " \
                                  "of the centres"
    assert question_premise("Which of the articles was published first?") is None
    text = ("The council has ordered a review of its heatwave response after a centre closed "
            "early. Dr Amari said the city had been lucky that no deaths were linked to the "
            "heat. The review of the centres will report in the autumn.")
    answer = premise_answer(q, q, passages(text, "Heatwave review"), ENCODER.embed, 0.6)
    assert answer is not None and "no deaths were linked" in answer.text


def test_being_sworn_in_takes_the_win_for_granted() -> None:
    """"When she was sworn in for her third term" takes it that she won; the sentence
    ending her years in office corrects it, past the closest one (a plan to stand)."""
    text = ("Mayor Rosalind Tench will stand for a third term as mayor in October. Hattie "
            "Lindqvist has been elected mayor, ending Rosalind Tench's eight years in office.")
    q = "What did Rosalind Tench promise when she was sworn in for her third term as mayor?"
    answer = premise_answer(q, q, passages(text, "Election"), ENCODER.embed, 0.6)
    assert answer is not None and "ending Rosalind Tench" in answer.text


def test_a_win_named_in_passing_is_taken_for_granted_and_corrected() -> None:
    """"How many goals did he get in the Gulls' cup final win over Millbeck?" takes the
    win for granted; the sentence saying they lost corrects it."""
    question = "How many goals did Whitlock get in the Gulls' cup final win over Millbeck?"
    assert question_premise(question) == "Gulls beat Millbeck in the cup final"
    assert question_premise("Who scored in Harbourton Athletic's win over Eastwick United?") \
        == "Harbourton Athletic beat Eastwick United"
    assert question_premise("Who scored the winner for the Gulls?") is None
    text = ("Whitlock scored twice in the semi-final. The promotion eased the pain of the "
            "previous weekend, when the Gulls lost the cup final 2-1 to Millbeck.")
    answer = premise_answer(question, question, passages(text, "Gulls"), ENCODER.embed, 0.6)
    assert answer is not None and "lost the cup final 2-1" in answer.text



def test_a_plan_closest_to_the_premise_gives_way_to_a_near_sentence_saying_the_opposite(
) -> None:
    """"Why did the talks struggle to sell tickets?": the closest sentence is the plan
    ("will host talks"), which bears out nothing; the near one says they sold out."""
    text = ("The library will host a series of free talks on the mural in October. "
            "The October talks on the mural sold out within two days.")
    question = "Why did the October talks on the library mural struggle to sell tickets?"
    answer = premise_answer(question, question, passages(text, "Library"), ENCODER.embed, 0.6)
    assert answer is not None and "sold out" in answer.text
    assert opposite_note("the talks struggled to sell tickets", "The talks sold out.")
    assert not opposite_note("the talks sold out", "The talks sold out in a day.")


def test_a_tag_question_takes_its_statement_for_granted() -> None:
    assert question_premise("The Games are going to be held in Kazan, right?") == \
        "The Games are going to be held in Kazan"
    assert question_premise("Canada stayed out of the boycott, didn't it?") == \
        "Canada stayed out of the boycott"
    assert question_premise("The ferry cost £44.5m, correct?") == "The ferry cost £44.5m"
    # a leading clause before the statement is not part of it
    assert question_premise("Because of the doping scandal, Russia lost its flag at the 2010 "
                            "Games, right?") == "Russia lost its flag at the 2010 Games"
    # a question with a tag, a question word or no comma before the tag asks plainly
    assert question_premise("What did he say, right?") is None
    assert question_premise("wat hours were they open and where were they") is None
    assert question_premise("Is that right?") is None
    answer = ask("The mayor turned down the invitation to attend the opening of the "
                 "bridge, didn't she?")
    assert answer is not None and "accepted the invitation" in answer.text


def test_a_cleft_question_takes_its_statement_for_granted() -> None:
    assert question_premise("Was it the mayor who cut the ribbon at the library?") == \
        "the mayor cut the ribbon at the library"
    assert question_premise("Wasn't it the Herald that reported 31 boats?") == \
        "the Herald reported 31 boats"
    assert question_premise("It was Tench who won in October, wasn't it?") == "Tench won in October"
    assert question_premise("Was it worth it?") is None
    assert question_premise("Is it settled that Putin will be in Beijing?") is None
    assert question_premise("Is it true that the ferry was cancelled?") == "the ferry was cancelled"


def test_a_statement_before_so_and_a_question_is_taken_for_granted() -> None:
    assert question_premise("The mayor's first budget froze council tax, so where is the "
                            "money coming from?") == "The mayor's first budget froze council tax"
    assert question_premise("The club has admitted it broke the rules. So what fine did it "
                            "get?") == "The club has admitted it broke the rules"
    # a chatty way in, or a question word first, is no statement
    assert question_premise("ok so why did the mayor freeze council tax") is None
    assert question_premise("hey so how many turned up for the first game?") is None
    assert question_premise("What was decided, so what happens next?") is None
    # a statement before a dash states something done; a topic or a description doesn't
    assert question_premise("The club finished fifth in its first season - how far off the "
                            "top was it?") == "The club finished fifth in its first season"
    assert question_premise("hosepipe ban thing - when does it end?") is None
    assert question_premise("The girl who picked the ferry's name - which school is she "
                            "at?") is None
    answer = ask("The mayor turned down the invitation to attend the opening of the bridge, "
                 "so who went in her place?")
    assert answer is not None and "accepted the invitation" in answer.text


def test_a_premise_giving_another_length_is_corrected_by_the_nearest_length() -> None:
    assert lengths("it only lasted about half an hour") == {30.0}
    assert lengths("an hour and a half, or 90 minutes, or 1.5 hours") == {90.0}
    assert lengths("eight days after the call, for a few hours") == set()
    text = ("The two leaders held a video call on Wednesday. The call was friendly. "
            "An adviser said afterwards that the video call had lasted 90 minutes.")
    found = passages(text, "Leaders talk")
    q = "Since the leaders' video call only lasted half an hour, what did they cover?"
    answer = premise_answer(q, q, found, ENCODER.embed, 0.5)
    assert answer is not None and "say otherwise" in answer.text
    assert "90 minutes" in answer.citations[0].quote
    same = "Since the leaders' video call lasted an hour and a half, what did they cover?"
    assert premise_answer(same, same, found, ENCODER.embed, 0.5) is None
    # "two full hours": a length, with a word for how full it was
    assert lengths("the call dragged on for two full hours") == {120.0}
    assert lengths("a whole day") == {1440.0}
    long = "Why did the leaders' video call drag on for two full hours?"
    answer = premise_answer(long, long, found, ENCODER.embed, 0.5)
    assert answer is not None and "90 minutes" in answer.citations[0].quote


def test_someone_s_decision_to_act_is_taken_for_granted() -> None:
    assert question_premise("How did they react to the IOC's decision to ban Russian "
                            "athletes completely?") == \
        "the IOC decided to ban Russian athletes completely"
    assert question_premise("What followed the council's vote to approve the budget?") == \
        "the council voted to approve the budget"
    assert question_premise("What was the council's decision?") is None
    answer = ask("How did the town react to the mayor's decision to turn down the "
                 "invitation to attend the opening of the bridge?")
    assert answer is not None and "accepted the invitation" in answer.text


def test_a_yes_no_question_the_closest_sentence_contradicts_gets_no_with_it() -> None:
    """"Did the mayor turn down the invitation?" is no premise, but where the closest
    sentence says the opposite, "no" is said with that sentence, cited."""
    from rag.answer.presumed import yes_no_premise

    assert yes_no_premise("Did the council vote for the budget in March?") == \
        "the council vote for the budget in March"
    assert yes_no_premise("Did the reports agree on the date?") is None
    assert yes_no_premise("Was it March or April?") is None
    assert question_premise("Did the council vote for the budget in March?") is None
    answer = ask("Did the mayor turn down the invitation to the bridge opening?")
    assert answer is not None and answer.citations and "accepted" in answer.text
    assert ask("Did the mayor accept the invitation to the bridge opening?") is None


def test_voting_something_down_is_the_opposite_of_approving_it() -> None:
    assert opposite_note("councillors vote down the ferry in March",
                         "The council last night approved the ferry by seven votes to four.")
    assert not opposite_note("councillors vote down the ferry in March",
                             "Councillors voted the ferry down by seven votes to four.")


def test_a_length_is_looked_for_past_the_sentences_nearest_the_premise() -> None:
    """The sentence giving the length is often not among the nearest eight: ten others
    say more about "the leaders' video call" than "the conversation lasted 90 minutes"."""
    topics = ["trade", "sport", "energy", "grain", "gas", "oil", "arms", "space", "travel",
              "health"]
    about = " ".join(f"The leaders' video call touched on topic {w}." for w in topics)
    text = f"{about} After the call, an adviser said the conversation had lasted 90 minutes."
    found = passages(text, "Leaders talk")
    q = "Why did the leaders' video call drag on for three hours?"
    answer = premise_answer(q, q, found, ENCODER.embed, 0.6)
    assert answer is not None and "say otherwise" in answer.text
    assert "90 minutes" in answer.citations[0].quote


def test_a_wh_question_s_trailing_tag_is_not_part_of_its_premise() -> None:
    """"…, wasn't it meant to be open till 8?" checks a second thing; the figure in it is
    not one the first question takes for granted."""
    assert question_premise("what time did the cooling centre actually shut on the hottest "
                            "day, wasnt it meant to be open til 8") is None
    assert question_premise("Why did the council reject the ferry, wasn't it popular?") == \
        "the council reject the ferry"
    assert question_premise("The ferry was approved in March, wasn't it?") == \
        "The ferry was approved in March"


def test_an_opposite_further_down_does_not_overrule_the_closest_sentence_s_side() -> None:
    """"… when they issued the statement welcoming the IOC's decisions?": the closest
    sentence, just under the threshold, says they released a statement welcoming it;
    the next one's "oppose" is said of politicising sport, not of the decisions."""
    from rag.answer.premise import Grounder, contradicted_premise

    premise = "the leaders issued the joint statement welcoming the committee's decisions"
    text = ("The leaders released a statement welcoming the committee's decisions after "
            "meeting in Moscow. The parties oppose the politicisation of sports, the "
            "statement said.")
    axis = np.eye(8, dtype=np.float32)

    def embed(texts: list[str]) -> np.ndarray:  # every sentence at cosine 0.2
        return np.stack([axis[0] if t.startswith("the leaders issued") else
                         0.2 * axis[0] + 0.98 * axis[1 + len(t) % 7] for t in texts])

    found = passages(text)
    found = [Passage(p.chunk, np.zeros(8, dtype=np.float32), 0.5, 0.5, 1, 1) for p in found]
    grounder = Grounder(found, embed)
    assert contradicted_premise(premise, found, grounder, embed, 0.6) is None


def test_a_figure_said_to_be_passed_is_corrected_by_the_figure_reached() -> None:
    """"Why did the dredger remove more than the original 420,000 cubic metres?" where it
    removed 348,000: the sentence saying what was done corrects it, not the plan."""
    from rag.answer.arithmetic import wrong_side

    text = ("The authority planned to remove 420,000 cubic metres of silt. Under the deal, "
            "the volume to be removed will be cut to 350,000 cubic metres. The dredger "
            "removed 348,000 cubic metres of silt in ten weeks.")
    found = passages(text, "Dredging completed")
    q = "Why did the dredger end up removing more than the original 420,000 cubic metres?"
    answer = premise_answer(q, q, found, ENCODER.embed, 0.5)
    assert answer is not None and "348,000" in answer.citations[0].quote
    # on the bound's side, or figures of another kind: nothing against it
    assert not wrong_side("removed more than 300,000 cubic metres",
                          "The dredger removed 348,000 cubic metres of silt.")
    assert not wrong_side("removed more than 420,000 cubic metres",
                          "The dredger worked for 10 weeks.")
    assert wrong_side("sold fewer than 500 tickets", "They sold 612 tickets.")


def test_a_negation_a_little_below_the_support_bar_still_says_no() -> None:
    """"Was Wang worried …?": the closest sentence, about Wang, says he was not, in many
    more words than the question (so it scores below the bar); "no" is said with it.
    A sentence about someone else negating it corrects nothing."""
    text = ("Speaking in Beijing on Monday, foreign ministry spokesman Wang Wenbin said China "
            "was not worried about a domino effect of the diplomatic boycott of the Winter "
            "Olympics. Canada and Britain joined the boycott last week.")
    q = "Was Wang Wenbin worried that more countries would join the boycott?"
    answer = premise_answer(q, q, passages(text, "Games"), ENCODER.embed, 0.6)
    assert answer is not None and "not worried" in answer.text and answer.citations
    other = text.replace("Wang Wenbin", "Hua Chunying")
    assert premise_answer(q, q, passages(other, "Games"), ENCODER.embed, 0.6) is None


def test_the_names_a_condensed_follow_up_carries_are_no_part_of_its_premise() -> None:
    """"Why are they doing it?" condenses to "Why are X boycotting the Games? (Putin)";
    the premise (and any correction quoting it) ends with the question."""
    from rag.answer.presumed import yes_no_premise

    assert question_premise("Why are Canada and Britain boycotting the Games? (Putin)") == \
        "Canada and Britain boycotting the Games"
    assert yes_no_premise("Did the council back the budget? (Lindqvist, Marsh)") == \
        "the council back the budget"


def test_deciding_against_a_thing_negates_it() -> None:
    """"Why did Washington decide against sending officials?" is borne out by "deciding
    not to send officials", not contradicted; "decided against closing" still differs
    from "voted to close"."""
    from rag.answer.grounding import polarity_note

    source = ("Wang said China was not worried about a domino effect, after Canada joined "
              "the United States in deciding not to send officials to the Games.")
    assert polarity_note("Washington decide against sending officials to the Games",
                         source) == ""
    assert polarity_note("The council decided against closing the school",
                         "The council voted to close the school.")


def test_a_figure_no_passage_states_is_corrected_by_a_near_one_counting_the_same() -> None:
    """"Why did the deal raise the amount dredged to 500,000 cubic metres?" where the
    deal cut it to 350,000: a near sentence counting cubic metres in other figures
    corrects it, though the closest sentence is about the deal's other terms. A figure a
    passage does state, or one counted in another kind, is left alone."""
    from rag.answer.arithmetic import counts_otherwise

    text = ("Floating silt curtains will surround the dredger under the fishermen's deal. "
            "Under the deal, the volume of material to be removed will be cut from 420,000 "
            "to 350,000 cubic metres.")
    found = passages(text, "Fishermen and authority strike deal")
    q = ("Why did the fishermen's deal raise the amount of silt to be dredged to 500,000 "
         "cubic metres?")
    answer = premise_answer(q, q, found, ENCODER.embed, 0.7)  # none as close as the bar
    assert answer is not None and "350,000" in answer.citations[0].quote
    assert counts_otherwise("raised to 500,000 cubic metres", "cut to 350,000 cubic metres")
    assert not counts_otherwise("raised to 500,000 cubic metres", "a £1.2 million fund")
    assert not counts_otherwise("cut to 350,000 cubic metres", "cut to 350,000 cubic metres")
    true_q = "Why did the deal cut the amount to be dredged to 350,000 cubic metres?"
    assert premise_answer(true_q, true_q, found, ENCODER.embed, 0.7) is None


def test_a_year_no_passage_gives_is_corrected_by_the_closest_sentence_s_year() -> None:
    """"Russia lost its flag at the 2010 Vancouver Games, right?" where the closest
    sentence says 2018 Pyeongchang and no passage says 2010; a year a passage does give
    may be another event's, rightly asked, and is left alone."""
    from rag.answer.days import other_year

    text = ("Russia was deprived of its flag at the 2018 Pyeongchang Winter Games as "
            "punishment for doping at the 2014 Sochi Games. Russian athletes will compete "
            "without their flag in Beijing.")
    q = "Because of the Sochi scandal, Russia was deprived of its flag at the 2010 Games, right?"
    answer = premise_answer(q, q, passages(text, "Olympics"), ENCODER.embed, 0.5)
    assert answer is not None and "2018 Pyeongchang" in answer.citations[0].quote
    source = "Russia lost its flag at the 2018 Games."
    assert other_year("Russia lost its flag at the 2010 Games", source, [source])
    assert not other_year("Russia lost its flag at the 2010 Games", source,
                          [source, "The 2010 Games were held in Vancouver."])
    assert not other_year("Russia lost its flag at the Games", source, [source])


def test_the_point_of_doing_something_takes_it_for_granted() -> None:
    assert question_premise("What was the point of Xi going to Kazan for his talks?") == \
        "Xi going to Kazan for his talks"
    assert question_premise("What was the main purpose behind the council's visit to "
                            "Pellworth?") == "the council's visit to Pellworth"
    assert question_premise("What was the score?") is None


def test_chat_around_a_yes_no_question_is_no_part_of_its_statement() -> None:
    from rag.answer.presumed import yes_no_premise
    q = "hey so is china like worried about a domino effect w more boycotts or nah"
    assert yes_no_premise(q) == "china worried about a domino effect w more boycotts"
    assert yes_no_premise("ok so did the council approve it or not?") == "the council approve it"
    assert yes_no_premise("Did fans like the new stand?") == "fans like the new stand"
    assert yes_no_premise("ok so did fans like the new stand") == "fans like the new stand"
    assert yes_no_premise("Was it in Moscow or Beijing?") is None  # an either-or asks which
