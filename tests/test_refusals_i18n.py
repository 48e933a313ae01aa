"""The library's refusals in the page's language (ui.i18n.reason): its range, number and choice checks
(gan.limits.InputError.rule) re-worded in Chinese, with the field named in Chinese."""
from gan import limits


def test_range_number_and_choice_refusals_are_worded_in_chinese():
    from gan.live.playground import Knobs
    from ui.i18n import reason
    cases = [(lambda: limits.GRID_SIDE.check(17, "rows"), "行数必须是 1 到 16 之间的整数，收到的是 17"),
             (lambda: limits.LEARNING_RATE.check(0, "D learning rate"), "D 的学习率必须是大于 0 且不超过 10 的数，收到的是 0"),
             (lambda: Knobs(optimizer_g="rmsprop").checked(), "G 的优化器必须是以下之一：adam, sgd；收到的是 'rmsprop'")]
    for refuse, chinese in cases:
        try:
            refuse()
        except limits.InputError as e:
            assert reason(e, "中文") == chinese
            assert reason(e, "English") == str(e) and "must be" in str(e)
        else:
            raise AssertionError("not refused")
    assert reason(ValueError("a plain message"), "zh") == "a plain message"


def test_the_playgrounds_drawing_refusals_are_worded_in_chinese():
    from gan.live.drawn_data import MAX_POINTS, drawn_distribution
    from ui.i18n import reason
    for points, chinese in (([], "画出的数据是空的"), ([[0, 0]], "请至少画 2 个点"),
                            ([[0, 0]] * (MAX_POINTS + 1), f"最多只能有 {MAX_POINTS} 个点，收到的是 {MAX_POINTS + 1} 个"),
                            ([[0, 0], [5, 0]], "点 (5.00, 0.00) 在视图之外（两个坐标轴都须在 -3 到 3 之间）")):
        try:
            drawn_distribution(points)
        except limits.InputError as e:
            assert chinese in reason(e, "zh"), (reason(e, "zh"), chinese)
        else:
            raise AssertionError("not refused")
