"""String enums stored by value in portable columns, each member with a translated label."""
import enum

from sqlalchemy import Enum


class LabelledEnum(str, enum.Enum):
    """A string enum whose members carry a label: ``DRAFT = "draft", _l("Draft")``.

    ``member.label`` is the label in the current language; ``Cls.choices()`` keeps the labels lazy
    for form fields defined at import time.
    """

    def __new__(cls, value: str, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        return str(self._label)

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        return [(member.value, member._label) for member in cls]


def str_enum(cls: type[enum.Enum], name: str) -> Enum:
    """A column storing the enum's values as plain strings (portable, readable in SQL)."""
    return Enum(cls, name=name, native_enum=False, length=24, values_callable=lambda e: [m.value for m in e],
                validate_strings=True)
