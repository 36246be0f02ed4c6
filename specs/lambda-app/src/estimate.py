"""A non-proxy (``aws``) integration's function: the request template made its event ({"title", "stage"}); the
integration responses make its answer, and its "[BadRequest] ..." error a 400."""


def handler(event, context):
    title = event.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("[BadRequest] a to-do needs a title to estimate")
    return {"title": title, "minutes": 15 * len(title.split()), "stage": event.get("stage")}
