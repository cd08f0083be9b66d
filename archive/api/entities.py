"""GET /api/entities (find people, places, organisations in any spelling) and GET /api/entities/{id}."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router
from ninja.decorators import decorate_view

from archive.api.caching import Validators, public_read
from archive.api.errors import ApiError
from archive.api.params import clean_text
from archive.api.rows import month_key, page_info
from archive.api.schemas import EntityListOut, EntityListParamsIn, EntityOut, ErrorOut
from archive.models import Entity
from archive.queries import (
    canonical_entity,
    co_occurring_entities,
    entity_aliases,
    entity_timeline,
    find_entities,
    top_entities,
)

router = Router(tags=["entities"])

MAX_ID = 2**63 - 1
EntityId = Annotated[int, Path(ge=1, le=MAX_ID, description="The entity's id.")]
CO_OCCURRING = 20


def _summary(entity: Entity) -> dict:
    return {"id": entity.pk, "kind": entity.kind, "name": entity.name, "mention_count": entity.mention_count}


@router.get("", response={200: EntityListOut, 304: None, 422: ErrorOut}, summary="Find entities")
@decorate_view(public_read)
def list_entities(request: HttpRequest, response: HttpResponse, params: Query[EntityListParamsIn]):
    """People (`kind=person`), places (`place`) or organisations (`org`), most mentioned first.

    `q` matches any known spelling through the same folding extraction uses: `كاظمي` (Arabic letters),
    `کازمی` and `مستەفا کازمی` all find «مستەفا کازمی». Without `q`, the most mentioned entities.
    """
    validators = Validators.for_archive(request)
    if (cached := validators.not_modified(request)) is not None:
        return cached
    text = clean_text(params.q, 300)
    entities = find_entities(text, kind=params.kind) if text else top_entities(params.kind)
    entities = entities.order_by("-mention_count", "name", "id")
    total = entities.count()
    offset = (params.page - 1) * params.per_page
    rows = list(entities[offset : offset + params.per_page]) if offset < total else []
    validators.apply(response)
    return {**page_info(params.page, params.per_page, total), "items": [_summary(e) for e in rows]}


@router.get("/{id}", response={200: EntityOut, 304: None, 404: ErrorOut, 422: ErrorOut}, summary="One entity")
@decorate_view(public_read)
def get_entity(request: HttpRequest, response: HttpResponse, id: EntityId):
    """An entity with its other spellings, articles per month and the entities named alongside it.

    A merged entity answers with the entity it was merged into (compare `id`).
    """
    entity = Entity.objects.select_related("merged_into").filter(pk=id).first()
    if entity is None:
        raise ApiError("entity_not_found")
    entity = canonical_entity(entity)
    validators = Validators.for_archive(request, entity.pk, entity.name, entity.kind, entity.mention_count)
    if (cached := validators.not_modified(request)) is not None:
        return cached
    validators.apply(response)
    return {
        **_summary(entity),
        "aliases": entity_aliases(entity),
        "months": [{"month": month_key(m.month), "count": m.count} for m in entity_timeline(entity)],
        "co_occurring": [
            {"id": c.id, "kind": c.kind, "name": c.name, "articles": c.count}
            for c in co_occurring_entities(entity, limit=CO_OCCURRING)
        ],
    }
