"""Turns the library's ValueErrors (bad input, broken weights) into `gr.Error` pop-ups whose message
names the field and its range, for visitors and API clients alike."""
from __future__ import annotations

import functools
import inspect

import gradio as gr

from ui.i18n import reason, t


def user_errors(fn):
    """Decorate a handler: a ValueError it raises reaches the visitor as gr.Error(message). Works for
    streaming (generator) handlers too, where the error ends the stream."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def streaming_handler(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except gr.Error:
                raise
            except ValueError as e:
                raise gr.Error(str(e), print_exception=False) from e
        return streaming_handler

    @functools.wraps(fn)
    def handler(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except ValueError as e:
            raise gr.Error(str(e), print_exception=False) from e
    return handler


def kept_on_refusal(n_outputs: int):
    """Decorate a page handler whose last argument is the page's language and whose last output is a
    message line beside the controls: a refused input (ValueError) keeps the shown outputs as they are
    (gr.update()) and says why there, naming the field; a good one clears the line. Streaming handlers
    too. (API endpoints keep `user_errors`: a client gets the error itself.)"""
    def refused(args, e):
        lang = args[-1] if args else None
        return (*[gr.update() for _ in range(n_outputs)], t("refused", lang, reason=reason(e, lang)))

    def wrap(fn):
        if inspect.isgeneratorfunction(fn):
            @functools.wraps(fn)
            def streaming_handler(*args):
                try:
                    for outputs in fn(*args):
                        yield (*outputs, "")
                except ValueError as e:
                    yield refused(args, e)
            return streaming_handler

        @functools.wraps(fn)
        def handler(*args):
            try:
                outputs = fn(*args)
            except ValueError as e:
                return refused(args, e)
            return (*(outputs if isinstance(outputs, tuple) else (outputs,)), "")
        return handler
    return wrap
