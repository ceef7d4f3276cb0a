"""The yente-compatible surface: ``/match/{dataset}``, ``/search/{dataset}``, ``/entities/{id}``, ``/catalog``,
``/algorithms``. Request and response shapes follow yente's (``yente/data/common.py``) so that its clients
work unchanged; where we add or differ, docs/api.md says so.

Every query goes through ``screening.screener.screen`` and so lands in the audit trail, with the key that
asked as the actor and ``api`` as the channel.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from followthemoney import model
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import func, select

from sanctionwatch.api.auth import Principal, require
from sanctionwatch.api.limits import (MAX_QUERIES, MAX_RESULTS, MAX_VALUE_LENGTH, MAX_VALUES_PER_PROPERTY,
                                      MAX_VALUES_PER_QUERY)
from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.lists import registry
from sanctionwatch.lists.catalog import list_releases, show_entity
from sanctionwatch.screening.index import Entry, ScreeningIndex
from sanctionwatch.screening.matchers import DEFAULT as DEFAULT_ALGORITHM
from sanctionwatch.screening.matchers import describe_all, get_matcher
from sanctionwatch.screening.screener import current_index, screen
from sanctionwatch.store import Store
from sanctionwatch.store.schema import list_changes, releases

router = APIRouter()

DEFAULT_DATASET = "default"
MATCH_PAGE = 5          # yente's YENTE_MATCH_PAGE: results per query unless ``limit`` says otherwise
MAX_EXCLUDED_IDS = 50   # yente's bound; analysts' decisions (POST /api/decisions) cover longer lists
TS_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
_DATASET_PATH = Path(..., description="`default` (every loaded list) or the name of one loaded list "
                                      "(see /catalog).", examples=["default"], max_length=100)


# --- models: yente's, with our additions marked ------------------------------------------------------------

class EntityExample(BaseModel):
    id: str | None = Field(None, examples=["my-entity-id"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(
        ..., examples=[{"name": ["Kim Jong Un"]}],
        description=f"Ours: at most {MAX_VALUES_PER_PROPERTY} values per property, {MAX_VALUES_PER_QUERY} in all, "
                    f"each at most {MAX_VALUE_LENGTH} characters (every value is compared with every candidate's).")
    model_config = ConfigDict(populate_by_name=True)

    @field_validator("properties")
    @classmethod
    def _bounded(cls, props: dict[str, str | list[Any]]) -> dict[str, str | list[Any]]:
        # Scoring costs grow with values x candidates x name lengths: bound them before any is scored.
        total = 0
        for name, values in props.items():
            items = values if isinstance(values, list) else [values]
            if len(items) > MAX_VALUES_PER_PROPERTY:
                raise ValueError(f"property {name!r} has {len(items)} values; at most {MAX_VALUES_PER_PROPERTY} "
                                 f"values per property are allowed")
            for value in items:
                size = len(value if isinstance(value, str) else str(value))   # the screener reads str(value)
                if size > MAX_VALUE_LENGTH:
                    raise ValueError(f"a value of property {name!r} has {size} characters; at most "
                                     f"{MAX_VALUE_LENGTH} characters per value are allowed")
            total += len(items)
        if total > MAX_VALUES_PER_QUERY:
            raise ValueError(f"{total} property values in one query; at most {MAX_VALUES_PER_QUERY} values per "
                             f"query are allowed")
        return props


class EntityMatchQuery(BaseModel):
    weights: dict[str, float] = Field({}, description="Not supported by our matchers: must be empty.")
    config: dict[str, str | int | float | bool | None] = Field({}, description="Not supported by our matchers: "
                                                                              "must be empty.")
    # The upper bound is checked by the route, so that the refusal names the count; the schema states it.
    queries: dict[str, EntityExample] = Field(..., min_length=1, json_schema_extra={"maxProperties": MAX_QUERIES},
                                              description=f"1 to {MAX_QUERIES} example entities, each under a key "
                                                          "of the client's choosing.")


class FeatureResult(BaseModel):
    score: float
    detail: str | None = None
    query: str | None = None
    candidate: str | None = None
    model_config = ConfigDict(extra="allow")   # ours: ``floor`` where an identifier sets a minimum score


class EntityResponse(BaseModel):
    id: str
    caption: str
    schema_: str = Field(..., alias="schema")
    properties: dict[str, list[Any]]
    datasets: list[str] = []
    referents: list[str] = []
    target: bool = False
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None
    model_config = ConfigDict(populate_by_name=True, extra="allow")


class ScoredEntityResponse(EntityResponse):
    score: float
    match: bool
    features: dict[str, float] = Field(..., description="One number per feature (yente before 4.x).")
    explanations: dict[str, FeatureResult] = Field(..., description="Each feature's score and why.")
    references: list[str] = Field([], description="Ours: the lists' reference numbers (KPi.008, ...).")
    programs: list[str] = Field([], description="Ours: sanctions programmes of the listing.")
    decision: dict[str, Any] | None = Field(None, description="Ours: the analyst decision recorded for this "
                                                              "query and entity, while the entity is unchanged.")
    previous_decision: dict[str, Any] | None = Field(None, description="Ours: a decision made before the "
                                                                       "entity changed (stale).")


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample
    screening_id: int | None = Field(None, description="Ours: the audit row of this screening; decisions "
                                                       "(POST /api/decisions) refer to it.")
    algorithm: str = Field(..., description="Ours: the matcher that scored this query.")
    threshold: float = Field(..., description="Ours: the score at or above which `match` is true.")
    releases: dict[str, int] = Field({}, description="Ours: the list releases screened against.")


class FeatureDoc(BaseModel):
    description: str | None = None
    coefficient: float
    url: str = ""


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc] = Field(..., description="yente's FeatureDocs: the features of the matcher "
                                                            "that scored the queries, as /algorithms lists them.")
    limit: int


class SearchResponse(BaseModel):
    limit: int
    offset: int = 0
    total: TotalSpec
    results: list[ScoredEntityResponse]
    facets: dict[str, Any] = {}


class DatasetModel(BaseModel):
    name: str
    title: str
    summary: str | None = None
    url: str | None = None
    publisher: dict[str, Any] | None = None
    updated_at: str | None = None
    last_export: str | None = None
    version: str | None = None
    entity_count: int | None = None
    thing_count: int | None = None
    load: bool = True
    entities_url: str | None = None
    index_version: str | None = None
    index_current: bool = True
    children: list[str] = []
    model_config = ConfigDict(extra="allow")


class DataCatalogModel(BaseModel):
    datasets: list[DatasetModel]
    current: list[str]
    outdated: list[str]
    index_stale: bool = False


class AlgorithmDocs(BaseModel):
    name: str
    description: str | None = None
    config: dict[str, Any] = {}
    features: dict[str, FeatureDoc]


class Algorithm(BaseModel):
    name: str
    description: str | None = None
    features: dict[str, FeatureDoc]
    docs: AlgorithmDocs
    default_threshold: float | None = Field(None, description="Ours.")
    parameters: dict[str, Any] = Field({}, description="Ours: the matcher's fixed parameters.")


class AlgorithmResponse(BaseModel):
    algorithms: list[Algorithm]
    default: str
    best: str


# --- the index as the API sees it: entities by id, their dates, dataset membership -------------------------

@dataclass
class _View:
    signature: str
    by_id: dict[str, Entry]
    first_seen: dict[str, datetime | None]
    last_seen: dict[str, datetime | None]
    last_change: dict[str, datetime | None]
    not_in: dict[str, frozenset[str]] = field(default_factory=dict)   # dataset -> ids outside it


_VIEW: dict[str, _View] = {}
_VIEW_LOCK = threading.Lock()


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def _view(store: Store, index: ScreeningIndex) -> _View:
    """Entities of the current index with their dates, built once per set of current releases.

    Dates, as yente names them: ``last_seen`` is the publication of the newest current release listing
    the entity; ``first_seen`` the list-change event that added it, else the publication of the oldest
    release of its source in the store (it was on the list when we first loaded it); ``last_change`` the
    newest add/amend event, else ``first_seen``.
    """
    key = f"{store.engine.url}|{index.signature}"
    view = _VIEW.get(key)
    if view is not None:
        return view
    with _VIEW_LOCK:
        view = _VIEW.get(key)
        if view is not None:
            return view
        with store.read() as conn:
            published = {r.id: _aware(r.published_at or r.loaded_at) for r in conn.execute(
                select(releases.c.id, releases.c.published_at, releases.c.loaded_at)
                .where(releases.c.id.in_(list(index.releases.values()))))}
            oldest = {r.source: _aware(r.first) for r in conn.execute(
                select(releases.c.source, func.min(func.coalesce(releases.c.published_at, releases.c.loaded_at))
                       .label("first")).group_by(releases.c.source))}
            events: dict[str, list[tuple[str, datetime | None]]] = defaultdict(list)
            for r in conn.execute(select(list_changes.c.entity_id, list_changes.c.change, list_changes.c.date)
                                  .where(list_changes.c.change.in_(["added", "changed"]))):
                events[r.entity_id].append((r.change, _aware(r.date)))
        by_id = {e.id: e for e in index.entries}
        first: dict[str, datetime | None] = {}
        last: dict[str, datetime | None] = {}
        change: dict[str, datetime | None] = {}
        for entity_id, entry in by_id.items():
            seen = [published.get(index.releases.get(s)) for s in entry.sources]
            last[entity_id] = max((d for d in seen if d), default=None)
            added = [d for kind, d in events.get(entity_id, ()) if kind == "added" and d]
            base = [d for s in entry.sources if (d := oldest.get(s)) is not None]
            first[entity_id] = min(added) if added else min(base, default=None)
            changed = [d for _, d in events.get(entity_id, ()) if d]
            change[entity_id] = max(changed) if changed else first[entity_id]
        view = _View(index.signature, by_id, first, last, change)
        _VIEW.clear()
        _VIEW[key] = view
        return view


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _datasets(index: ScreeningIndex) -> list[str]:
    return sorted(index.releases)


def _check_dataset(dataset: str, index: ScreeningIndex) -> str | None:
    """None for every list, else the one list's name; 404 naming the datasets there are."""
    if dataset == DEFAULT_DATASET:
        return None
    name = registry.normalize_name(dataset)
    if name in index.releases:
        return name
    raise NotFound(f"unknown dataset {dataset!r}; datasets: {', '.join([DEFAULT_DATASET] + _datasets(index))}")


def _parse_since(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"changed_since {text!r} is not an ISO date or date-time") from None
    return _aware(value)


def _excluded(view: _View, dataset: str | None, *, include_dataset: list[str], exclude_dataset: list[str],
              exclude_schema: list[str], changed_since: datetime | None, ids: list[str]) -> set[str]:
    """Ids the ranking must skip, so that filters act before the ``limit`` cut, not after it."""
    out = set(ids)
    if dataset is not None:
        outside = view.not_in.get(dataset)
        if outside is None:
            outside = view.not_in[dataset] = frozenset(i for i, e in view.by_id.items() if dataset not in e.sources)
        out |= outside
    if include_dataset or exclude_dataset or exclude_schema or changed_since:
        inc, exc, schemas = set(include_dataset), set(exclude_dataset), set(exclude_schema)
        for entity_id, entry in view.by_id.items():
            if inc and not inc & set(entry.sources):
                out.add(entity_id)
            elif exc and set(entry.sources) <= exc:
                out.add(entity_id)
            elif schemas and entry.schema in schemas:
                out.add(entity_id)
            elif changed_since:
                changed = view.last_change[entity_id]
                if changed is None or changed < changed_since:
                    out.add(entity_id)
    return out


def _explanations(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        name = item["feature"]
        while name in out:        # two findings of one feature keep both
            name += "_"
        score = item.get("score", item.get("effect", 0.0))
        out[name] = {"score": score, "detail": item.get("detail"), "query": None, "candidate": None}
        if item.get("floor"):
            out[name]["floor"] = item["floor"]
    return out


def _result(r: dict[str, Any], view: _View) -> dict[str, Any]:
    entry = view.by_id.get(r["id"])
    props = entry.data.get("properties", {}) if entry is not None else {}
    return {
        "id": r["id"], "caption": r["caption"], "schema": r["schema"], "properties": props,
        "datasets": r["datasets"], "referents": [], "target": True,
        "first_seen": _iso(view.first_seen.get(r["id"])), "last_seen": _iso(view.last_seen.get(r["id"])),
        "last_change": _iso(view.last_change.get(r["id"])),
        "score": r["score"], "match": r["match"], "features": r["features"],
        "explanations": _explanations(r["explanations"]),
        "references": r.get("references") or [], "programs": r.get("programs") or [],
        "decision": r.get("decision"), "previous_decision": r.get("previous_decision"),
    }


def _no_tuning(body: EntityMatchQuery, algorithm: str) -> None:
    if body.weights or body.config:
        keys = ", ".join(sorted(list(body.weights) + list(body.config)))
        raise ConfigError(f"algorithm {algorithm} takes no weights or config (got {keys}); its parameters are "
                          f"fixed by its version (GET /algorithms)")


# --- routes ----------------------------------------------------------------------------------------------

@router.post("/match/{dataset}", response_model=EntityMatchResponse, response_model_exclude_none=False,
             summary="Query by example: score each example entity against the lists", tags=["Matching"])
def match(request: Request, response: Response, body: EntityMatchQuery, dataset: str = _DATASET_PATH,
          limit: int = Query(MATCH_PAGE, ge=1, le=MAX_RESULTS, description="Results per query."),
          threshold: float | None = Query(None, ge=0.0, le=1.0, description="Score at or above which a result "
                                                                            "is a match; default: the algorithm's."),
          algorithm: str = Query("best", max_length=40, description="A name from /algorithms; `best` and "
                                                                    "`default` mean the current default."),
          include_dataset: list[str] = Query([], description="Only results listed by one of these datasets."),
          exclude_dataset: list[str] = Query([], description="No results listed only by these datasets."),
          exclude_schema: list[str] = Query([], description="No results of these schemata."),
          changed_since: str | None = Query(None, pattern=TS_PATTERN, description="Only entities added or amended "
                                            "on or after this date (their `last_change`)."),
          exclude_entity_ids: list[str] = Query([], max_length=MAX_EXCLUDED_IDS,
                                                description="Entity ids to leave out (decided false positives)."),
          principal: Principal = Depends(require("screen"))) -> dict[str, Any]:
    """yente's `/match`: up to 100 example entities (`{"queries": {key: {schema, properties}}}`), each
    answered under its key with ranked, explained results. Each query is recorded in the screening audit
    trail with the key that asked."""
    count = len(body.queries)
    if count > MAX_QUERIES:
        raise HTTPException(422, f"{count} queries in one request; at most {MAX_QUERIES} are allowed "
                                 f"(split the batch)")
    if count == 0:
        raise HTTPException(400, "no queries given: send {\"queries\": {\"q1\": {\"schema\": ..., "
                                 "\"properties\": {...}}}}")
    matcher = get_matcher(algorithm)
    _no_tuning(body, matcher.NAME)
    store: Store = request.app.state.store
    index = current_index(store)
    ds = _check_dataset(dataset, index)
    view = _view(store, index)
    skip = _excluded(view, ds, include_dataset=include_dataset, exclude_dataset=exclude_dataset,
                     exclude_schema=exclude_schema, changed_since=_parse_since(changed_since), ids=exclude_entity_ids)
    # Parse every example before screening any, so a bad one refuses the batch without a partial audit.
    from sanctionwatch.screening.query import Query as ScreenQuery

    parsed = {key: ScreenQuery.from_dict(example.model_dump(by_alias=True), where=f"queries.{key}")
              for key, example in body.queries.items()}
    responses = {}
    for key, query in parsed.items():
        outcome = screen(query, store=request.app.state.store, index=index, threshold=threshold,
                         limit=limit, algorithm=matcher.NAME, exclude_entity_ids=skip, actor=principal.actor,
                         channel="api")
        results = [_result(r, view) for r in outcome.results]
        responses[key] = {
            "status": 200, "results": results, "total": {"value": len(results), "relation": "eq"},
            "query": {"id": body.queries[key].id, **outcome.query}, "screening_id": outcome.screening_id,
            "algorithm": outcome.algorithm, "threshold": outcome.threshold, "releases": outcome.releases,
        }
    response.headers["x-batch-size"] = str(len(responses))
    return {"responses": responses, "matcher": _feature_docs(matcher.describe()), "limit": limit}


@router.get("/search/{dataset}", response_model=SearchResponse, tags=["Matching"],
            summary="Search the lists by a name (ranked by the matcher's score)")
def search(request: Request, dataset: str = _DATASET_PATH,
           q: str = Query(..., min_length=1, max_length=500, description="A name (any script) or an IMO number."),
           schema: str = Query("Thing", max_length=50, description="FtM schema of the thing sought."),
           limit: int = Query(10, ge=1, le=MAX_RESULTS), offset: int = Query(0, ge=0, le=MAX_RESULTS),
           principal: Principal = Depends(require("screen"))) -> dict[str, Any]:
    """Ranked candidates for a name (all scores above zero, not only matches). Recorded in the audit trail
    like a /match query, because looking a name up is a screening."""
    store: Store = request.app.state.store
    index = current_index(store)
    ds = _check_dataset(dataset, index)
    view = _view(store, index)
    text = " ".join(q.split())
    digits = text.upper().removeprefix("IMO").strip()
    if digits.isdigit() and len(digits) == 7 and schema in ("Thing", "Vessel"):
        example = {"schema": "Vessel", "properties": {"imoNumber": [digits]}}
    else:
        if model.get(schema) is None:
            raise ConfigError(f"schema {schema!r} is not an FtM schema (Person, Organization, Vessel, Thing, ...)")
        example = {"schema": schema, "properties": {"name": [text]}}
    skip = _excluded(view, ds, include_dataset=[], exclude_dataset=[], exclude_schema=[], changed_since=None, ids=[])
    outcome = screen(example, store=request.app.state.store, index=index, limit=offset + limit,
                     exclude_entity_ids=skip, actor=principal.actor, channel="api")
    results = [_result(r, view) for r in outcome.results[offset:]]
    full = len(outcome.results) >= offset + limit
    return {"limit": limit, "offset": offset, "results": results, "facets": {},
            "total": {"value": len(outcome.results), "relation": "gte" if full else "eq"}}


def _nest(entity: dict[str, Any]) -> dict[str, Any]:
    """Related entities (sanctions, passports, addresses ...) inside the entity's properties under the
    reverse property, the way yente's /entities nests them."""
    props = {k: list(v) for k, v in entity.get("properties", {}).items()}
    for related in entity.get("sanctions", []) + entity.get("related", []):
        schema = model.get(related["schema"])
        for prop_name, values in related.get("properties", {}).items():
            prop = schema.get(prop_name) if schema else None
            if prop is not None and prop.reverse is not None and entity["id"] in values:
                nested = {"id": related["id"], "caption": related.get("caption", related["id"]),
                          "schema": related["schema"], "properties": related.get("properties", {}),
                          "datasets": related.get("datasets", [])}
                props.setdefault(prop.reverse.name, []).append(nested)
    return props


@router.get("/entities/{entity_id}", response_model=EntityResponse, tags=["Data access"],
            summary="One entity, merged over the current lists, with its sanctions and provenance")
def entity(request: Request, entity_id: str = Path(..., max_length=200,
                                                   description="An entity id, a list reference (KPi.008) or "
                                                               "an IMO number."),
           principal: Principal = Depends(require("read"))) -> dict[str, Any]:
    store: Store = request.app.state.store
    data = show_entity(entity_id, store=store)
    index = current_index(store)
    view = _view(store, index)
    return {
        "id": data["id"], "caption": data.get("caption", data["id"]), "schema": data["schema"],
        "properties": _nest(data), "datasets": data.get("datasets", []), "referents": [],
        "target": bool(data.get("listings")),
        "first_seen": _iso(view.first_seen.get(data["id"])), "last_seen": _iso(view.last_seen.get(data["id"])),
        "last_change": _iso(view.last_change.get(data["id"])),
        "listings": data.get("listings", []), "provenance": data.get("provenance", []),
    }


@router.get("/catalog", response_model=DataCatalogModel, tags=["System information"],
            summary="The loaded lists (datasets) and the `default` collection of all of them")
def catalog(request: Request, principal: Principal = Depends(require("read"))) -> dict[str, Any]:
    store: Store = request.app.state.store
    index = current_index(store)
    current = [r for r in list_releases(store) if r["current"]]
    datasets = []
    for r in current:
        try:
            meta = registry.get_source(r["source"]).describe()
        except ConfigError:
            meta = {"title": r["source"], "publisher": None, "url": None}
        datasets.append({
            "name": r["source"], "title": meta.get("title") or r["source"],
            "summary": f"{meta.get('title') or r['source']}, release {r['id']} of {r['date'] or 'unknown date'}",
            "url": meta.get("url"), "publisher": {"name": meta["publisher"]} if meta.get("publisher") else None,
            "updated_at": r["loaded_at"], "last_export": r["published"], "version": str(r["id"]),
            "entity_count": r["entities"], "thing_count": r["designations"], "load": True,
            "index_version": index.signature, "index_current": True, "children": [],
            "release_id": r["id"], "date": r["date"], "sha256": r["sha256"],
        })
    names = [d["name"] for d in datasets]
    datasets.insert(0, {"name": DEFAULT_DATASET, "title": "All loaded lists", "load": True,
                        "summary": "Every list with a current release", "children": names,
                        "index_version": index.signature, "index_current": True,
                        "version": index.signature, "entity_count": sum(d["entity_count"] or 0 for d in datasets)})
    return {"datasets": datasets, "current": [DEFAULT_DATASET] + names, "outdated": [], "index_stale": False}


_FEATURE_DOCS = {
    "birthDate": "Birth dates: a bonus when they agree, a penalty growing with the years apart.",
    "country": "Countries (nationality, citizenship, jurisdiction, flag): a small bonus when shared, a penalty "
               "when the query names other countries.",
    "gender": "A penalty when the query's gender differs from the listed one.",
    "imoNumber": "IMO number: the same number (check digit verified) stands on its own (score floor); another "
                 "valid number is a penalty.",
    "identifiers": "MMSI, passport, ID, registration, call sign, SWIFT/BIC, LEI, INN, tax numbers: the same "
                   "number sets a score floor.",
}


def _feature_docs(desc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """yente's FeatureDocs of one matcher (its ``describe()``): {feature: {description, coefficient, url}}."""
    params = desc.get("parameters", {})
    features = {"name": {"description": "Name similarity across scripts and romanizations.",
                         "coefficient": float(params.get("name_weight", 1.0)), "url": ""}}
    features.update({k: {"description": v, "coefficient": 0.0, "url": ""} for k, v in _FEATURE_DOCS.items()})
    return features


@router.get("/algorithms", response_model=AlgorithmResponse, tags=["System information"],
            summary="The matching algorithms, their features and parameters")
def algorithms(principal: Principal = Depends(require("read"))) -> dict[str, Any]:
    out = []
    for desc in describe_all():
        params = desc.get("parameters", {})
        features = _feature_docs(desc)
        out.append({"name": desc["name"], "description": desc.get("description"), "features": features,
                    "docs": {"name": desc["name"], "description": desc.get("description"), "config": {},
                             "features": features},
                    "default_threshold": desc.get("default_threshold"), "parameters": params})
    return {"algorithms": out, "default": DEFAULT_ALGORITHM, "best": DEFAULT_ALGORITHM}
