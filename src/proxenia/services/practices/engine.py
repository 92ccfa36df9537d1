"""Training the transferability engine on the installation's adoption history, and plugging it in.

``proxenia engine train`` fits the engine on every adoption the installation holds (read through the
store as the installation itself), saves it in the data folder, and from then on recommendations
come from it. Until a model is trained, the text-match provider serves.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from proxenia.analytics.diffusion import DiffusionEngine
from proxenia.analytics.engine_history import load_history
from proxenia.analytics.engine_provider import EngineProvider
from proxenia.config import Settings
from proxenia.domain.errors import InvalidInput, Problem
from proxenia.domain.progress import ProgressReporter, SilentProgress
from proxenia.domain.recommendations import RecommendationProvider
from proxenia.domain.viewer import Viewer
from proxenia.services.practices.recommend import RecommendationService
from proxenia.store.database import Database

MAX_TRAINING_BYTES = 3 << 30


def engine_model_path(settings: Settings) -> Path:
    """Where this installation's trained model lives: the data folder, one file per database."""
    digest = hashlib.sha256(settings.database_url.encode("utf-8")).hexdigest()[:12]
    return Path(settings.data_dir) / f"diffusion-engine-{digest}.json"


@dataclass(frozen=True)
class LearnedWeight:
    name: str
    label: str
    weight: float
    importance: float


@dataclass(frozen=True)
class TrainingReport:
    path: str
    adoptions: int
    undated: int
    practices: int
    governments: int
    events: int
    weights: list[LearnedWeight] = field(default_factory=list)


@dataclass(frozen=True)
class EngineStatus:
    """What ranks recommendations now: the trained engine (when, and the weights it learned) or the text
    match, and why."""

    provider: str  # "transferability-engine" or "text-match"
    trained_at: datetime | None
    weights: list[LearnedWeight]
    note: str


class EngineService:
    def __init__(self, db: Database, model_path: Path, fallback: RecommendationProvider) -> None:
        self.db = db
        self.model_path = model_path
        self.provider = EngineProvider(db, model_path, fallback)

    @property
    def trained(self) -> bool:
        return self.model_path.is_file()

    def plug_into(self, recommendations: RecommendationService) -> None:
        """Serve recommendations from the engine. Until a model is trained its fallback (the text match)
        answers; a model written by ``proxenia engine train`` is picked up at the next query, without a
        restart of the running server."""
        recommendations.use(self.provider)

    def status(self) -> EngineStatus:
        """Which ranking serves, and what the engine learned: the same for every viewer (the weights are
        the model's own, no record or count of the history it was trained on)."""
        engine = self.provider.engine()
        try:
            trained_at: datetime | None = datetime.fromtimestamp(self.model_path.stat().st_mtime, UTC)
        except OSError:
            trained_at = None
        if engine is None:
            note = (
                "No model is trained yet: practices are ranked by words in common, policy area, adoptions and "
                "evidence. Running “proxenia engine train” learns from the adoptions recorded."
                if trained_at is None
                else "The saved model was made by another version and is set aside: the text match ranks until "
                "“proxenia engine train” runs again."
            )
            return EngineStatus(self.provider.fallback.name, trained_at, [], note)
        weights = [LearnedWeight(w.name, w.label, w.weight, w.importance) for w in engine.weights()]
        note = (
            "Learned from the adoptions recorded: the text match finds candidate practices, the engine ranks "
            "them by the chance that they transfer, and who may adopt a practice next."
        )
        return EngineStatus(self.provider.name, trained_at, weights, note)

    def train(self, progress: ProgressReporter | None = None) -> TrainingReport:
        progress = progress or SilentProgress()
        progress.start("reading the adoption history", None)
        with self.db.read() as conn:
            history = load_history(conn, Viewer.system("proxenia engine train"))
        progress.finish()
        if not history.records:
            raise InvalidInput(Problem("no dated adoption is recorded yet: nothing to learn from"))
        if history.dense_bytes > MAX_TRAINING_BYTES:
            raise InvalidInput(
                Problem(
                    f"{len(history.governments):,} governments and {len(history.practices):,} practices need "
                    f"{history.dense_bytes / 2**30:.1f} GB of tables in memory to train; the limit is "
                    f"{MAX_TRAINING_BYTES / 2**30:.0f} GB"
                )
            )
        progress.start(f"learning from {len(history.records):,} adoptions", None)
        try:
            engine = DiffusionEngine().fit(history.records, history.practices, history.contexts)
        except ValueError as exc:
            raise InvalidInput(Problem(str(exc))) from None
        progress.finish()
        self.model_path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.model_path.with_suffix(f".{uuid.uuid4().hex[:8]}.tmp")
        engine.save(partial)
        partial.replace(self.model_path)
        return TrainingReport(
            path=str(self.model_path),
            adoptions=len(history.records),
            undated=history.undated,
            practices=len({r.practice for r in history.records}),
            governments=len(history.governments),
            events=engine.summary.adoption_events if engine.summary else 0,
            weights=[LearnedWeight(w.name, w.label, w.weight, w.importance) for w in engine.weights()],
        )
