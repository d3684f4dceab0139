"""The OpenAPI document says what the API really answers: problem details for errors
(as `application/problem+json`), 304s for a matching If-None-Match, Retry-After on
429s, and the optional API key."""

from . import schemas
from .problems import CONTENT_TYPE


def problem_responses(*statuses):
    return {status: schemas.Problem for status in statuses}


ERRORS_FOR_EVERY_OPERATION = ("400", "429", "500", "503")


def tidy_schema(schema):
    components = schema.setdefault("components", {})
    components.setdefault("securitySchemes", {})["apiKey"] = {
        "type": "apiKey", "in": "header", "name": "X-API-Key",
        "description": "Optional: a key of your own, with its own rate limit.",
    }
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            responses.pop("422", None)
            for status in ERRORS_FOR_EVERY_OPERATION:
                responses.setdefault(status, {"description": "A problem"})
            for status, response in responses.items():
                if status.startswith(("4", "5")) and status != "414":
                    response["content"] = {CONTENT_TYPE: {"schema": problem_ref}}
                    response.setdefault("description", "A problem")
            # Refused before the API is reached (newsroom/middleware.py): the site's page.
            responses["414"] = {"description": "Address longer than the site accepts.",
                                "content": {"text/html": {"schema": {"type": "string"}}}}
            responses["304"] = {"description": "Not modified: your copy (If-None-Match) is "
                                               "current."}
            responses["429"]["headers"] = {"Retry-After": {
                "description": "Seconds to wait.", "schema": {"type": "integer"}}}
            responses["401"] = {"description": "The API key sent is not known or disabled.",
                                "content": {CONTENT_TYPE: {"schema": problem_ref}}}
            operation["security"] = [{}, {"apiKey": []}]
    return schema
