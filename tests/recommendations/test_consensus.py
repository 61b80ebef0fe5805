"""The consensus figures, on cases computed by hand (see the docstring of consensus.py for the rules)."""
from math import isclose, sqrt

from dialogues.recommendations.consensus import (CONTESTED, DIVIDED, INSUFFICIENT, JOINT, Counts,
                                                 consensus)

G1, G2, G3 = 1, 2, 3


def test_one_group_with_reservations_and_an_abstention():
    c = Counts(support=2, reservations=1, oppose=1, abstain=1)
    assert (c.supports, c.stances) == (3, 4)  # the abstention counts in neither
    result = consensus({G1: c}, [G1], min_stances=2)
    assert isclose(result.cells[G1].p, 4 / 6)
    assert isclose(result.score, 4 / 6) and result.weakest == G1 and result.verdict == JOINT


def test_several_groups_geometric_mean_and_a_tie_is_divided():
    result = consensus({G1: Counts(support=3), G2: Counts(support=1, oppose=1)}, [G1, G2], min_stances=2)
    assert isclose(result.cells[G1].p, 4 / 5) and isclose(result.cells[G2].p, 2 / 4)
    assert isclose(result.score, sqrt(0.8 * 0.5))
    assert result.weakest == G2
    assert result.verdict == DIVIDED  # 1–1: no majority either way


def test_a_group_without_stances_is_left_out_of_score_and_rule():
    result = consensus({G1: Counts(support=2), G2: Counts(support=2, reservations=1)}, [G1, G2, G3], min_stances=2)
    assert result.cells[G3] == Counts() and isclose(result.cells[G3].p, 0.5)
    assert result.participating == [G1, G2]
    assert isclose(result.score, sqrt(3 / 4 * 4 / 5))
    assert result.verdict == JOINT and result.weakest == G1


def test_abstentions_only_do_not_make_a_group_take_part():
    result = consensus({G1: Counts(reservations=2, abstain=5), G2: Counts(abstain=3)}, [G1, G2], min_stances=2)
    assert result.cells[G1].stances == 2 and isclose(result.cells[G1].p, 3 / 4)
    assert result.participating == [G1] and result.verdict == JOINT


def test_weakest_group_tie_goes_to_the_first_in_the_dialogues_order():
    cells = {G1: Counts(support=2, oppose=1), G2: Counts(support=2, oppose=1)}
    assert consensus(cells, [G2, G1], 2).weakest == G2
    assert consensus(cells, [G1, G2], 2).weakest == G1


def test_minimum_stances_per_participating_group():
    cells = {G1: Counts(support=3), G2: Counts(support=1)}
    assert consensus(cells, [G1, G2], min_stances=2).verdict == INSUFFICIENT
    assert consensus(cells, [G1, G2], min_stances=1).verdict == JOINT


def test_a_majority_opposing_in_one_group_contests_it_even_below_the_minimum():
    assert consensus({G1: Counts(support=5), G2: Counts(support=1, oppose=2)}, [G1, G2], 2).verdict == CONTESTED
    assert consensus({G1: Counts(support=5), G2: Counts(oppose=1)}, [G1, G2], 2).verdict == CONTESTED
    # exactly half opposing is not a majority
    assert consensus({G1: Counts(support=2, oppose=2)}, [G1], 2).verdict == DIVIDED


def test_nobody_took_a_stance():
    result = consensus({}, [G1, G2], 2)
    assert result.verdict == INSUFFICIENT and result.score is None and result.weakest is None


def test_cell_colour_levels():
    assert [Counts(abstain=1).level, Counts(oppose=3).level, Counts(support=1, oppose=2).level,
            Counts(support=1, oppose=1).level, Counts(support=3, oppose=1).level, Counts(support=2).level] \
        == [0, 1, 2, 3, 4, 4]
