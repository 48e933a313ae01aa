"""English and Chinese texts of the 2-D playground tab (ui/playground.py), one entry per key, as in
ui/strings_app.py. Symbols (D, G, z, KL, JSD, p_data, p_g), SGD and Adam stay as they are in both."""
from __future__ import annotations

from gan.live.playground import DRAWN_HALF, MAX_POINTS, PLAY_SECONDS

PLAYGROUND_STRINGS: dict[str, dict] = {
    "tab_playground": {"en": "2-D playground", "zh": "二维游乐场"},
    "lab_intro": {
        "en": "### The game, one move at a time\n"
              "Algorithm 1 on a plane, with [GAN Lab](https://poloclub.github.io/ganlab/)'s controls. Pick or draw "
              "p_data, press **New game** (or **Trained start** for a converged game to perturb), then **Play**, or "
              "take single moves: one update of D, one of G, or one iteration (k of D, then one of G). Change the "
              "loss, k, a learning rate or an optimiser at any time: the game goes on with it, and the plots mark "
              "where (✎). Purple arrows: the direction in which D pushes each of G's points (−∂L_G/∂x); grey "
              "lines: G's manifold, an even grid of z carried into the plane. The meter gives KL and the "
              "Jensen-Shannon divergence between p_data and p_g; by Theorem 1, with the best D, G minimises "
              "−log 4 + 2·JSD.",
        "zh": "### 一步一步地看这场博弈\n"
              "在平面上运行算法 1，控件与 [GAN Lab](https://poloclub.github.io/ganlab/) 相同。选择或画出 p_data，"
              "按 **新游戏**（或按 **已训练的起点**，得到一个已收敛、可以扰动的博弈），然后按 **播放**，或单步前进："
              "D 更新一次、G 更新一次，或一次迭代（D 更新 k 次，再 G 更新一次）。随时可以改变损失、k、学习率或优化器："
              "博弈照常继续，图中会标出改变发生的位置（✎）。紫色箭头：D 推动 G 每个点的方向（−∂L_G/∂x）；"
              "灰色线：G 的流形，即均匀的 z 网格映射到平面上的样子。仪表给出 p_data 与 p_g 之间的 KL 和 "
              "Jensen-Shannon 散度；由定理 1，在最优 D 下，G 最小化 −log 4 + 2·JSD。"},
    "lab_data": {"en": "Data p_data", "zh": "数据 p_data"},
    "lab_data_choices": {"en": ["ring of 8 Gaussians", "grid of 25 Gaussians", "line", "three disjoint regions",
                                "your drawing"],
                         "zh": ["8 个高斯组成的环", "25 个高斯组成的网格", "直线", "三个互不相交的区域", "你画的数据"]},
    "lab_pad": {"en": f"Draw p_data: the canvas is the plane from −{DRAWN_HALF:g} to {DRAWN_HALF:g} (at most "
                      f"{MAX_POINTS} points); then press New game",
                "zh": f"画出 p_data：画布就是从 −{DRAWN_HALF:g} 到 {DRAWN_HALF:g} 的平面（最多 {MAX_POINTS} 个点）；"
                      "然后按 新游戏"},
    "lab_opt_d": {"en": "D's optimiser", "zh": "D 的优化器"},
    "lab_opt_g": {"en": "G's optimiser", "zh": "G 的优化器"},
    "lab_opt_choices": {"en": ["Adam", "SGD"], "zh": ["Adam", "SGD（随机梯度下降）"]},
    "lab_speed_label": {"en": "Speed (iterations per second)", "zh": "速度（每秒迭代次数）"},
    "lab_speed_choices": {"en": ["1 (slow motion)", "10", "100", "full speed"],
                          "zh": ["1（慢动作）", "10", "100", "全速"]},
    "lab_arrows": {"en": "arrows: what moves G", "zh": "箭头：推动 G 的力"},
    "lab_manifold": {"en": "G's manifold", "zh": "G 的流形"},
    "lab_new": {"en": "New game", "zh": "新游戏"},
    "lab_trained": {"en": "Trained start", "zh": "已训练的起点"},
    "lab_play": {"en": "Play", "zh": "播放"},
    "lab_pause": {"en": "Pause", "zh": "暂停"},
    "lab_step_d": {"en": "Step: D", "zh": "单步：D"},
    "lab_step_g": {"en": "Step: G", "zh": "单步：G"},
    "lab_step_iteration": {"en": "Step: iteration", "zh": "单步：一次迭代"},
    "lab_start_hint": {"en": "Press **New game** to begin.", "zh": "按 **新游戏** 开始。"},
    "lab_picture": {"en": "p_data (black), G's points (green) and D's map", "zh": "p_data（黑）、G 的点（绿）与 D 的判别图"},
    "lab_update": {"en": "update (D and G)", "zh": "更新次数（D 与 G）"},
    "lab_divergence_plot": {"en": "KL and JSD between p_data and p_g (nats)", "zh": "p_data 与 p_g 之间的 KL 和 JSD（奈特）"},
    "lab_progress": {"en": "iteration **{iteration}** · update {update} · KL {kl:.3f} · JSD {js:.3f} (at most log 2 = 0.693)",
                     "zh": "第 **{iteration}** 次迭代 · 第 {update} 次更新 · KL {kl:.3f} · JSD {js:.3f}（最大 log 2 = 0.693）"},
    "lab_speed": {"en": " · {speed:.0f} iterations/s", "zh": " · 每秒 {speed:.0f} 次迭代"},
    "lab_change_line": {"en": "\n\n✎{slot} at update {update}: {what}", "zh": "\n\n✎{slot} 第 {update} 次更新：{what}"},
    "lab_changed": {"en": "Changed at update {update}: {what}. The game goes on with it.",
                    "zh": "已在第 {update} 次更新时改变：{what}。博弈照常继续。"},
    "lab_refused": {"en": "**Not done:** {reason}", "zh": "**未执行：** {reason}"},
    "lab_ready": {"en": "A new game, paused: press **Play** or take a step.", "zh": "新游戏已就绪（暂停中）：按 **播放** 或单步前进。"},
    "lab_no_game": {"en": "there is no game yet: press New game first", "zh": "还没有游戏：请先按 新游戏"},
    "lab_pause_first": {"en": "the game is playing: press Pause before taking single steps",
                        "zh": "游戏正在播放：单步前进之前请先按 暂停"},
    "lab_already": {"en": "the game is already playing", "zh": "游戏已经在播放"},
    "lab_time_up": {"en": f"**Paused** after {PLAY_SECONDS:g} s of play: press Play to go on.",
                    "zh": f"播放 {PLAY_SECONDS:g} 秒后已 **暂停**：按 播放 继续。"},
    "lab_paused": {"en": "**Paused** at iteration {iteration}.", "zh": "已在第 {iteration} 次迭代 **暂停**。"},
}
