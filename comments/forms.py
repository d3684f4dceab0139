"""The reader's comment form, with the anti-abuse fields it carries.

The form goes out inside publicly cached article pages, so it holds no per-user
secret (no CSRF token). It is protected instead by a signed, timestamped token tied
to the article, a honeypot field, an Origin check in the view, and moderation.
"""

import hashlib
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing

TOKEN_SALT = "comments.form-token"

# Characters nobody needs in a comment and attackers love: NUL and other C0/C1
# controls, and bidirectional overrides that make text display differently from
# what it is ("Trojan Source").
BIDI_OVERRIDES = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}

# The honeypot's name: no browser's autofill recognises it (`nickname` is an autofill
# token, so browsers filled the old one in for real readers).
HONEYPOT = "hp_7q"


def make_token(article_id, now=None, fresh=True):
    """Sign the article id with the time the form was made.

    `fresh`: made for the reader who will post it (a private page, or the token the
    form's script fetches), so the time is when they got the form. A form on a page
    for shared caches is not fresh: a reader may get it long after it was made.
    """
    payload = {"a": article_id, "t": int(now or time.time())}
    if fresh:
        payload["f"] = 1
    return signing.dumps(payload, salt=TOKEN_SALT)


def strip_invisible(value):
    """Drop zero-width, bidi-control and other invisible format characters (category Cf),
    so a name reads as what it is."""
    return "".join(char for char in value if unicodedata.category(char) != "Cf")


def has_forbidden_characters(value, allow_newlines=False):
    for char in value:
        if char in BIDI_OVERRIDES:
            return True
        if unicodedata.category(char) == "Cc" and not (allow_newlines and char in "\r\n\t"):
            return True
    return False


class CommentForm(forms.Form):
    name = forms.CharField(label="Name", max_length=80)
    email = forms.EmailField(
        label="Email", max_length=254, help_text="Never published."
    )
    website = forms.URLField(label="Website", max_length=200, required=False, assume_scheme="https")
    comment = forms.CharField(
        label="Comment", widget=forms.Textarea(attrs={"rows": 6}),
        max_length=settings.COMMENT_MAX_LENGTH,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    token = forms.CharField(widget=forms.HiddenInput, max_length=500)
    notify_on_approval = forms.BooleanField(
        required=False, label="Email me when my comment is published"
    )
    notify_on_reply = forms.BooleanField(required=False, label="Email me when someone replies")
    # Honeypot (named HONEYPOT below): off screen, out of the accessibility tree and the
    # tab order, never autofilled; filled in by naive bots.
    hp_7q = forms.CharField(required=False, label="Leave this field empty", max_length=200)

    error_messages = {
        "tampered": "This form could not be verified. Please reload the page and post again.",
    }

    def __init__(self, *args, article, **kwargs):
        self.article = article
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("token", make_token(article.pk))
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["website"].widget.attrs.update(autocomplete="url")
        self.fields[HONEYPOT].widget.attrs.update(tabindex="-1", autocomplete="off")

    @property
    def honeypot(self):
        return self[HONEYPOT]

    def clean_name(self):
        value = " ".join(self._clean_single_line("name").split())
        if not value:
            raise forms.ValidationError("Please enter the name to show with your comment.")
        return value

    def clean_email(self):
        return self._clean_single_line("email")

    def clean_website(self):
        return self._clean_single_line("website")

    def clean_comment(self):
        value = self.cleaned_data["comment"]
        if has_forbidden_characters(value, allow_newlines=True):
            raise forms.ValidationError(
                "Your comment contains invisible control or text-direction characters. "
                "Please remove them and post again."
            )
        if not value.strip():
            raise forms.ValidationError("Please write a comment.")
        return value.strip()

    def _clean_single_line(self, field):
        value = self.cleaned_data[field]
        if field == "name":  # invisible characters are dropped from names, not refused
            value = strip_invisible(value)
        if has_forbidden_characters(value):
            raise forms.ValidationError(
                "This field may not contain line breaks or invisible control characters."
            )
        return value

    def clean_parent(self):
        """A reply must answer an approved comment on the same article. A reply deeper
        than threads go is attached at the deepest level, under the nearest ancestor."""
        from .models import Comment
        from .threads import reply_parent

        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = (
            Comment.objects.approved().filter(pk=parent_id, article=self.article).first()
        )
        if parent is None:
            raise forms.ValidationError(
                "The comment you are replying to is not available. Post a new comment instead."
            )
        self.replying_to = parent
        return reply_parent(parent)

    def clean_token(self):
        try:
            payload = signing.loads(self.cleaned_data["token"], salt=TOKEN_SALT)
        except signing.BadSignature:
            raise forms.ValidationError(self.error_messages["tampered"], code="tampered")
        if not isinstance(payload, dict) or payload.get("a") != self.article.pk:
            raise forms.ValidationError(self.error_messages["tampered"], code="tampered")
        rendered_at = payload.get("t")
        if not isinstance(rendered_at, int):
            raise forms.ValidationError(self.error_messages["tampered"], code="tampered")
        # Too fast or too old is judged by the rules in comments/moderation.py.
        self.rendered_at = rendered_at
        self.token_is_fresh = payload.get("f") == 1
        return self.cleaned_data["token"]

    def idempotency_key(self):
        """Same form, same words: the same key, so a resubmission cannot post twice."""
        data = self.cleaned_data
        material = "\x00".join(
            [data["token"], data["email"].lower(), data["comment"], str(data["parent"].pk if data.get("parent") else "")]
        )
        return hashlib.sha256(material.encode()).hexdigest()


# The fields a reader fills in, in the order the error summary lists them.
SHOWN_FIELDS = ("name", "email", "website", "comment", "notify_on_approval", "notify_on_reply",
                HONEYPOT)


def blank_state(token):
    """What templates/comments/respond.html shows of the empty form every reader gets:
    each field there, empty, with no errors (a field the template asks for and does not
    find costs the template engine a chain of exceptions), and the signed `token`."""
    fields = {name: {"value": "", "checked": False, "errors": ()}
              for name in ("token", "parent", *SHOWN_FIELDS)}
    fields["token"] = {**fields["token"], "value": token}
    return {"fields": fields, "errors": False, "summary": (), "linked": ()}


def form_state(form):
    """What templates/comments/respond.html (plain HTML) shows of a bound or unbound
    `form`: each field's value as Django's widgets would show it, whether a checkbox is
    ticked, its errors; and the error summary's lines, in the order the form lists them."""
    fields = {}
    for name in ("token", "parent", *SHOWN_FIELDS):
        bound = form[name]
        value = bound.value()
        fields[name] = {
            "value": "" if value is None else str(value),
            "checked": bool(value) if name.startswith("notify_") else False,
            "errors": bound.errors,
        }
    summary = [*form.non_field_errors(), *form["token"].errors, *form["parent"].errors]
    linked = [(f"id_{name}", form.fields[name].label, error)
              for name in SHOWN_FIELDS for error in form[name].errors]
    return {"fields": fields, "errors": bool(form.errors), "summary": summary, "linked": linked}
