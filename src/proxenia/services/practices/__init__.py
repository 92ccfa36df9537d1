"""The practice exchange: practices and their curation, adoptions and lineage, requests for help,
search (full text, or semantic with the [semantic] extra) and recommendations."""

from proxenia.services.practices.adoptions import AdoptionService
from proxenia.services.practices.recommend import RecommendationService
from proxenia.services.practices.requests import HelpRequestService
from proxenia.services.practices.search import PracticeSearchService
from proxenia.services.practices.service import PracticeService
from proxenia.services.practices.spid import SpidLoadService

__all__ = [
    "AdoptionService",
    "HelpRequestService",
    "PracticeSearchService",
    "PracticeService",
    "RecommendationService",
    "SpidLoadService",
]
