"""Small cells: no count beside a total lets anyone tell fewer than ``min_cell()`` people apart."""
import pytest

from dialogues.figures import suppress_small_cells


@pytest.mark.parametrize("counts, shown", [
    ([12, 20, 5], [12, 20, 5]),  # nothing small
    ([12, 20, 1], [None, 20, None]),  # 33 − 12 − 20 = 1: the smallest shown goes too
    ([3, 2, 0], [None, None, None]),  # 5 − 3 = 2: so do the three
    ([3, 0, 0], [3, None, None]),  # what is hidden adds up to nobody
    ([4, 1, 1, 9], [None, None, None, 9]),  # 1 + 1 = 2, then 2 + 4 = 6
    ([2, 2], [None, None]),
    ([5, 5, 2, 1], [5, 5, None, None]),  # 2 + 1 = 3: enough
    ([5, 5, 1, 1], [None, 5, None, None]),  # ties: the first in order goes
])
def test_hidden_cells_always_hold_at_least_min_cell_people_or_none(app, counts, shown):
    with app.app_context():
        rows = suppress_small_cells([(f"row {n}", count) for n, count in enumerate(counts)])
        assert [value for _label, value in rows] == shown
        hidden = sum(count for count, (_label, value) in zip(counts, rows) if value is None)
        assert hidden == 0 or hidden >= 3 or all(value is None for _label, value in rows)
