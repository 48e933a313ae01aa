"""The 2-D playground through gradio_client: /playground_new starts a paused game for the client's
session, /train_step advances it by one D update, one G update or one iteration."""
import numpy as np
import pytest
from PIL import Image

from conftest import launch_app

gradio_client = pytest.importorskip("gradio_client")


@pytest.fixture(scope="module")
def server():
    demo = launch_app()
    yield demo.local_url
    demo.close()


def new_game(client, data="ring", k=1):
    return client.predict(data, None, "nonsaturating", k, 0.001, 0.001, "adam", "adam", 0, api_name="/playground_new")


def test_train_step_advances_the_sessions_paused_game_one_update_at_a_time(server):
    client = gradio_client.Client(server, verbose=False)
    try:
        with pytest.raises(Exception, match="no game in this session"):
            client.predict("d", api_name="/train_step")
        start = new_game(client, k=2)
        assert start["update"] == 0 and start["modes"]["n_modes"] == 8
        picture, metrics = client.predict("d", api_name="/train_step")
        assert metrics["update"] == 1 and metrics["iteration"] == 0 and metrics["d_loss"] is not None
        with Image.open(picture) as im:
            assert im.size == (420, 420)
        _, metrics = client.predict("g", api_name="/train_step")        # one update, not an iteration
        assert (metrics["update"], metrics["iteration"]) == (2, 0)
        _, metrics = client.predict("iteration", api_name="/train_step")   # k = 2: three updates
        assert (metrics["update"], metrics["iteration"]) == (5, 1)
        assert 0 <= metrics["js"] <= np.log(2) + 1e-9 and metrics["kl"] >= 0
        with pytest.raises(Exception, match="step must be one of"):
            client.predict("both", api_name="/train_step")
        other = gradio_client.Client(server, verbose=False)      # another visitor: another game
        try:
            assert new_game(other)["update"] == 0
            _, metrics = client.predict("g", api_name="/train_step")
            assert metrics["update"] == 6
        finally:
            other.close()
    finally:
        client.close()


def test_bad_set_ups_are_refused_by_name(server):
    client = gradio_client.Client(server, verbose=False)
    try:
        with pytest.raises(Exception, match="the drawing is empty"):
            new_game(client, data="drawn")
        with pytest.raises(Exception, match="k .* must be an integer from 1 to 20"):
            new_game(client, k=21)
        with pytest.raises(Exception, match="'moons' .* not in the list of choices"):
            new_game(client, data="moons")
    finally:
        client.close()
