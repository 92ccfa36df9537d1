"""Policy diffusion among subnational governments: who adopts a practice next, and why.

``DiffusionEngine`` learns from adoption history and ranks the governments that have not yet adopted
a practice; ``evaluate`` runs the held-out evaluation protocol against three baselines (and
``practice_bootstrap`` says how far its figures could move with other practices);
``read_adoptions`` / ``read_practices`` read SPID-shaped CSV files.
"""

from .engine import DiffusionEngine, EngineNotFitted
from .evaluation import EvaluationResult, evaluate, evaluate_detailed
from .events import DiffusionEvent, protocol_events
from .features import DESCRIPTIONS, FEATURES
from .readers import DiffusionDataError, read_adoptions, read_practices
from .training import TrainingSettings
from .types import (
    AdoptionRecord,
    ContextLike,
    Factor,
    FeatureWeight,
    GovernmentContext,
    PracticeInfo,
    Prediction,
    as_government_contexts,
)
from .uncertainty import practice_bootstrap

__all__ = [
    "DESCRIPTIONS",
    "FEATURES",
    "AdoptionRecord",
    "ContextLike",
    "DiffusionDataError",
    "DiffusionEngine",
    "DiffusionEvent",
    "EngineNotFitted",
    "EvaluationResult",
    "Factor",
    "FeatureWeight",
    "GovernmentContext",
    "PracticeInfo",
    "Prediction",
    "TrainingSettings",
    "as_government_contexts",
    "evaluate",
    "evaluate_detailed",
    "practice_bootstrap",
    "protocol_events",
    "read_adoptions",
    "read_practices",
]
