"""Two processes, one dialogue: live delivery both ways and replay on the other process."""


def test_what_is_done_on_one_process_reaches_clients_of_the_other_live(two):
    first, second = two.servers
    moderator = two.client(first.url, organizer=True)
    reader = two.client(second.url)
    base = two.last_seq(moderator)
    reader.join(two.dialogue_id, last_seq=base)

    two.write(first.url)
    assert [e["type"] for e in reader.wait_for(lambda evs: any(e["seq"] == base + 1 for e in evs))] == ["skip"]

    two.write(second.url)
    event = next(e for e in moderator.wait_for(lambda evs: any(e["seq"] == base + 2 for e in evs))
                 if e["seq"] == base + 2)
    assert event["type"] == "participant.changed"
    assert event["data"]["participant_id"] == two.participant_id
    reader.wait_for(lambda evs: [e["seq"] for e in evs] == [base + 1, base + 2])


def test_a_client_that_comes_back_on_the_other_process_gets_what_it_missed_then_live_events(two):
    first, second = two.servers
    away = two.client(second.url, organizer=True)
    base = two.last_seq(away)
    away.disconnect()

    two.write(second.url)
    two.write(first.url)

    back = two.client(first.url, organizer=True)
    missed = back.join(two.dialogue_id, last_seq=base)["events"]
    assert [(e["seq"], e["type"]) for e in missed] == [(base + 1, "participant.changed"),
                                                       (base + 2, "participant.changed")]
    assert missed[0]["data"]["present"] != missed[1]["data"]["present"]

    two.write(second.url)
    back.wait_for(lambda evs: [e["seq"] for e in evs] == [base + 3])
