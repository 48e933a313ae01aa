"""Turns the library's ValueErrors (bad input, broken weights) into `gr.Error` pop-ups whose message
names the field and its range, for visitors and API clients alike."""
from __future__ import annotations

import functools
import inspect

import gradio as gr


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
