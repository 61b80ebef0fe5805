"""How the stand-alone benches end: one aligned line per figure, then all of them as one JSON line."""
import json


def print_figures(figures: dict) -> None:
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    print(json.dumps(figures))
