"""A process's committed events go out in seq order, whichever writer comes back first."""
from dialogues.realtime.ordering import CommitOrder


def entry(dialogue_id, seq):
    return (dialogue_id, seq, f"event {seq}")


def test_a_writer_back_first_waits_for_the_scripts_in_flight_that_may_have_committed_before_it():
    order = CommitOrder()
    third, fourth = order.sent({1}), order.sent({1})
    assert order.returned(fourth, {1}, [entry(1, 4)]) == []  # the third may hold seq 3: wait
    assert order.returned(third, {1}, [entry(1, 3)]) == [entry(1, 3), entry(1, 4)]


def test_a_script_sent_later_is_not_waited_for_and_one_still_waiting_delays_by_one_commit():
    order = CommitOrder()
    first, second = order.sent({1}), order.sent({1})
    assert order.returned(first, {1}, [entry(1, 5)]) == []  # the second was in flight: wait for it
    later = order.sent({1})
    assert order.returned(second, {1}, [entry(1, 6)]) == [entry(1, 5)]  # 6 waits for the later one
    assert order.returned(later, {1}, [entry(1, 7)]) == [entry(1, 6), entry(1, 7)]


def test_a_failed_script_releases_what_waited_for_it_and_other_dialogues_are_not_held():
    order = CommitOrder()
    failing, other, mine = order.sent({1}), order.sent({2}), order.sent({1})
    assert order.returned(mine, {1}, [entry(1, 9)]) == []
    assert order.returned(other, {2}, [entry(2, 1)]) == [entry(2, 1)]
    assert order.returned(failing, {1}, []) == [entry(1, 9)]
    assert order._in_flight == {} and order._held == {}  # nothing kept once everything came back
