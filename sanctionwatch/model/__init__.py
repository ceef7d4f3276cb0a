"""List data as FollowTheMoney entities, and the project's own records."""

from sanctionwatch.model.entities import EntityFactory, make_id, vessel_id

__all__ = ["EntityFactory", "make_id", "vessel_id"]
