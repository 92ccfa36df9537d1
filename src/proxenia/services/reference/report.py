"""What a reference load did: counts of what was loaded, what already existed, what stayed unresolved."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)
    located: dict[str, int] = field(default_factory=dict)  # existing actors given coordinates by this load
    unresolved: dict[str, int] = field(default_factory=dict)
    resolution: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, bucket: str, key: str, amount: int = 1) -> None:
        if not amount:
            return
        target = getattr(self, bucket)
        target[key] = target.get(key, 0) + amount

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.located.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "created": self.created,
            "existing": self.existing,
            "located": self.located,
            "unresolved": self.unresolved,
            "resolution": self.resolution,
            "notes": self.notes,
        }
