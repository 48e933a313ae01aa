"""English and Chinese texts of the app's header and of the Samples, Interpolate, Draw and Train live
tabs, one entry per key: {"en": ..., "zh": ...} ("choices" keys: a list of labels, in the widget's order).
Names (GAN, MNIST, DCGAN, Adam, PNG ...), equations and units stay as they are in both."""
from __future__ import annotations

from gan import limits

from gan.live.settings import MAX_SECONDS
from gan.serving.visitor_models import MAX_UPLOAD_BYTES

LAST_TEST_DIGIT = int(limits.TEST_DIGIT.high)
MAX_LR, MAX_BATCH, MAX_UPLOAD_MB = limits.LEARNING_RATE.high, int(limits.BATCH_SIZE.high), MAX_UPLOAD_BYTES // 2**20
PAPER = "https://arxiv.org/abs/1406.2661"

APP_STRINGS: dict[str, dict] = {
    # --- the page ---
    "language": {"en": "Language / 语言", "zh": "语言 / Language"},
    "header_intro": {
        "en": f"The first GAN ([Goodfellow et al., 2014]({PAPER})): a generator G learns to turn noise z into "
              "digits by fooling a discriminator D. Sample it, walk its latent space, train one live, and see "
              "the paper's ideas piece by piece.",
        "zh": f"第一个 GAN（[Goodfellow 等，2014]({PAPER})）：生成器 G 通过骗过判别器 D，学会把噪声 z 变成数字。"
              "在这里可以采样、在潜空间中漫游、现场训练一个 GAN，并逐一体验论文中的想法。"},
    "header_device": {"en": "Device", "zh": "计算设备"},
    "device_cpu": {"en": "CPU ({n} {threads} per request)", "zh": "CPU（每个请求 {n} 个线程）"},
    "header_weights": {"en": "Weights", "zh": "权重"},
    "header_none": {"en": "none loaded", "zh": "未加载"},
    "header_not_loaded": {"en": "could not be loaded", "zh": "无法加载"},
    "hub_off": {"en": "Hub lookup is switched off (GAN_HUB=off): using the bundled weights.",
                "zh": "已关闭 Hub 查询（GAN_HUB=off）：使用自带的权重。"},
    "hub_offline": {"en": "Offline: the Hugging Face Hub could not be reached, so the bundled weights are used.",
                    "zh": "离线：无法连接 Hugging Face Hub，因此使用自带的权重。"},
    "hub_unusable": {"en": "The Hub's copies could not be used, so the bundled weights are used.",
                     "zh": "无法使用 Hub 上的副本，因此使用自带的权重。"},
    "origin_bundled": {"en": "bundled copy {where}", "zh": "自带副本 {where}"},
    "origin_local": {"en": "local folder {where}", "zh": "本地文件夹 {where}"},
    "copy_link": {"en": "Copy link to this set-up", "zh": "复制此设置的链接"},
    "link_box": {"en": "Link (tab and settings)", "zh": "链接（标签页与设置）"},
    "link_ignored": {"en": "**Some settings in the link were ignored:** {reasons}.",
                     "zh": "**链接中的部分设置已被忽略：** {reasons}。"},
    "tab_samples": {"en": "Samples", "zh": "样本"},
    "tab_interpolate": {"en": "Interpolate", "zh": "插值"},
    "tab_draw": {"en": "Draw", "zh": "手写"},
    "tab_train": {"en": "Train live", "zh": "现场训练"},
    "tab_paper": {"en": "The paper, piece by piece", "zh": "逐段读论文"},
    "refused": {"en": "**Not drawn:** {reason}", "zh": "**未绘制：** {reason}"},
    "model_mnist-mlp": {"en": "Paper MLP (Goodfellow et al. 2014)", "zh": "论文中的 MLP（Goodfellow 等，2014）"},
    "model_mnist-dcgan": {"en": "Convolutional (DCGAN-style)", "zh": "卷积网络（DCGAN 式）"},
    "model_mnist-cdcgan": {"en": "Conditional convolutional (cGAN)", "zh": "条件卷积网络（cGAN）"},

    # --- shared by the tabs ---
    "model": {"en": "Model", "zh": "模型"},
    "rows": {"en": "Rows", "zh": "行数"},
    "cols": {"en": "Columns", "zh": "列数"},
    "previous": {"en": "◀ Previous", "zh": "◀ 上一个"},
    "next": {"en": "Next ▶", "zh": "下一个 ▶"},
    "random_seed": {"en": "Random seed", "zh": "随机种子"},

    # --- Samples ---
    "samples_none": {"en": "No model could be loaded, so there is nothing to sample from.",
                     "zh": "没有能加载的模型，因此无法采样。"},
    "samples_digit": {"en": "Digit (conditional model)", "zh": "数字（条件模型）"},
    "samples_digit_choices": {"en": [str(d) for d in range(10)] + ["0-9 in turn"],
                              "zh": [str(d) for d in range(10)] + ["0-9 轮流"]},
    "samples_seed": {"en": "Seed (0 to 2^53-1; Enter to draw)", "zh": "随机种子（0 到 2^53-1；按回车生成）"},
    "generate": {"en": "Generate", "zh": "生成"},
    "samples_show_scores": {"en": "Show D's score under each sample (D(x) = sigmoid of its logit)",
                            "zh": "在每个样本下显示 D 的评分（D(x) = 其 logit 的 sigmoid）"},
    "samples_show_nearest": {"en": "Show the nearest training digit beside each sample (Figure 2)",
                             "zh": "在每个样本旁显示最接近的训练数字（图 2）"},
    "samples_grid": {"en": "Samples G(z) (download: PNG)", "zh": "样本 G(z)（可下载 PNG）"},
    "samples_caption": {
        "en": "D's mean score on these samples: **{mean:.2f}** ({real:.0f}% judged real, D > 0.5). "
              "At the game's end D would say 0.5 everywhere.",
        "zh": "D 对这些样本的平均评分：**{mean:.2f}**（{real:.0f}% 被判为真，即 D > 0.5）。博弈结束时 D 处处给出 0.5。"},
    "samples_caption_nearest": {
        "en": " Mean L2 distance to the nearest training digit (amber, from a 10,000-digit subset): "
              "**{distance:.1f}**; a memorised copy would be near 0.",
        "zh": " 与最接近的训练数字（琥珀色，取自 10,000 个数字的子集）的平均 L2 距离：**{distance:.1f}**；"
              "若是记住的副本，距离会接近 0。"},
    "samples_note": {
        "en": "Same seed, same grid: z comes from a seeded CPU generator, so a seed pins down the digits on "
              "every machine. The amber digits are the closest training images in pixel space, the paper's "
              "check (Figure 2) that G makes new digits rather than copying its training set.",
        "zh": "同一个种子，同一组样本：z 来自带种子的 CPU 随机数生成器，所以在任何机器上同一个种子都给出同样的数字。"
              "琥珀色的数字是像素空间中最接近的训练图像，这是论文（图 2）用来检验 G 在创造新数字、而不是照搬训练集的方法。"},

    # --- Interpolate ---
    "interp_none": {"en": "No model could be loaded, so there is nothing to interpolate.",
                    "zh": "没有能加载的模型，因此无法插值。"},
    "seed_a": {"en": "Seed A", "zh": "种子 A"},
    "seed_b": {"en": "Seed B", "zh": "种子 B"},
    "digit_a": {"en": "Digit A", "zh": "数字 A"},
    "digit_b": {"en": "Digit B", "zh": "数字 B"},
    "random_seeds": {"en": "Random seeds", "zh": "随机种子"},
    "frames": {"en": "Frames from A to B (each leg of a walk)", "zh": "从 A 到 B 的帧数（每一段）"},
    "path": {"en": "Path through z-space", "zh": "z 空间中的路径"},
    "path_info": {"en": "spherical follows the great circle (Slerp), keeping |z| typical",
                  "zh": "球面路径沿大圆走（Slerp），使 |z| 保持典型大小"},
    "path_choices": {"en": ["linear", "spherical"], "zh": ["线性", "球面"]},
    "interp_rows_info": {"en": "each row walks between its own z drawn from the same seeds",
                         "zh": "每一行在由同样种子抽出的各自的 z 之间漫游"},
    "more_seeds_header": {"en": "Walk through more seeds, playback", "zh": "经过更多种子；播放设置"},
    "more_seeds": {"en": "More seeds after B (a walk A -> B -> C ...)", "zh": "B 之后的更多种子（路线 A -> B -> C ...）"},
    "more_seeds_example": {"en": "e.g. 7, 99, 1234", "zh": "例如 7, 99, 1234"},
    "more_digits": {"en": "Their digits (conditional model; default: digit B)",
                    "zh": "它们的数字（条件模型；默认与数字 B 相同）"},
    "more_digits_example": {"en": "e.g. 5, 0", "zh": "例如 5, 0"},
    "fps": {"en": "Frames per second", "zh": "每秒帧数"},
    "bounce": {"en": "Play forth and back (no jump when the loop restarts)", "zh": "来回播放（循环重新开始时不跳变）"},
    "interpolate": {"en": "Interpolate", "zh": "插值"},
    "animation": {"en": "Animation (looping GIF)", "zh": "动画（循环 GIF）"},
    "strip": {"en": "Strip: the walk from left to right (download: PNG)", "zh": "长条图：从左到右的路线（可下载 PNG）"},
    "gif_file": {"en": "Download the animation (GIF and MP4)", "zh": "下载动画（GIF 和 MP4）"},
    "steer": {"en": "Steer: t from A (0) to B (1)", "zh": "操纵：t 从 A（0）到 B（1）"},
    "steer_info": {"en": "drag: G redraws the digit at that point of the path", "zh": "拖动：G 重新画出路径上该点的数字"},
    "steered": {"en": "G at t", "zh": "t 处的 G"},
    "plane_header": {"en": "Steer in 2-D: the plane through A, B and C", "zh": "二维操纵：经过 A、B、C 的平面"},
    "seed_c": {"en": "Seed C", "zh": "种子 C"},
    "digit_c": {"en": "Digit C", "zh": "数字 C"},
    "plane_pad": {"en": "Click: A + u (B - A) + v (C - A)", "zh": "点击：A + u (B - A) + v (C - A)"},
    "plane_image": {"en": "G at that point", "zh": "该点处的 G"},
    "interp_note": {
        "en": "Linear interpolation is what the paper shows (Figure 3: 'digits obtained by linearly "
              "interpolating between coordinates in z space'); a smooth morph means nearby z give similar digits.",
        "zh": "论文展示的正是线性插值（图 3：“在 z 空间的坐标之间线性插值得到的数字”）；平滑的渐变说明相近的 z 给出相似的数字。"},

    # --- Draw ---
    "draw_unavailable": {"en": "The classifier or the models could not be loaded, so this tab is unavailable.",
                         "zh": "无法加载分类器或模型，因此这一页不可用。"},
    "draw_intro": {
        "en": "Draw a digit (or pick one of 1,000 MNIST test digits): it is cropped, scaled to 20 x 20 and "
              "centred as MNIST's digits were, then read by the classifier and judged by each D. "
              "*Find it in G* searches z so that G(z) looks like it (latent inversion).",
        "zh": "画一个数字（或从 1,000 个 MNIST 测试数字中选一个）：它会像 MNIST 的数字那样被裁剪、缩放到 20 x 20 并居中，"
              "然后由分类器识别，并由每个 D 评判。*在 G 中寻找* 会搜索 z，使 G(z) 看起来像它（潜变量反演）。"},
    "draw_pad": {"en": "Draw a digit", "zh": "画一个数字"},
    "draw_index": {"en": f"or an MNIST test digit (0-{LAST_TEST_DIGIT})", "zh": f"或一个 MNIST 测试数字（0-{LAST_TEST_DIGIT}）"},
    "draw_use_test": {"en": "Use this test digit", "zh": "使用这个测试数字"},
    "draw_seen": {"en": "Your digit as MNIST sees it (28 x 28)", "zh": "按 MNIST 方式处理后的数字（28 x 28）"},
    "draw_reading": {"en": "The classifier reads", "zh": "分类器的识别结果"},
    "draw_model": {"en": "Find it in the model", "zh": "在哪个模型中寻找"},
    "draw_digit_choices": {"en": ["the one the classifier reads"] + [str(d) for d in range(10)],
                           "zh": ["分类器识别出的数字"] + [str(d) for d in range(10)]},
    "draw_steps": {"en": "Adam steps on z", "zh": "对 z 的 Adam 步数"},
    "draw_seed": {"en": "Seed of the starting points", "zh": "起点的随机种子"},
    "draw_find": {"en": "Find it in G", "zh": "在 G 中寻找"},
    "draw_attempt": {"en": "G's closest digit G(z)", "zh": "G 最接近的数字 G(z)"},
    "draw_judgement": {"en": "How real does each D think your digit is? D(x) = sigmoid(D's logit), 1 = surely real."
                             "\n\n| model | D(x) | verdict |\n| --- | --- | --- |",
                       "zh": "每个 D 认为你的数字有多真？D(x) = sigmoid(D 的 logit)，1 表示确定是真。"
                             "\n\n| 模型 | D(x) | 判断 |\n| --- | --- | --- |"},
    "real": {"en": "real", "zh": "真"},
    "fake": {"en": "fake", "zh": "假"},
    "draw_empty": {"en": "Draw a digit: the canvas is empty.", "zh": "请画一个数字：画布是空的。"},
    "draw_first": {"en": "draw a digit or pick a test digit first", "zh": "请先画一个数字或选一个测试数字"},
    "draw_step": {"en": "Step {step} ({seconds:.1f} s): pixel distance ||G(z) - x|| = **{distance:.2f}**; D(G(z)) = {d:.2f}",
                  "zh": "第 {step} 步（{seconds:.1f} s）：像素距离 ||G(z) - x|| = **{distance:.2f}**；D(G(z)) = {d:.2f}"},
    "draw_asked": {"en": "; asked for a {digit}", "zh": "；要求的数字是 {digit}"},
    "draw_walk": {"en": "Walk from your digit (in Interpolate)", "zh": "从你的数字出发漫游（在“插值”中）"},
    "draw_find_first": {"en": "find your digit in G first", "zh": "请先在 G 中找到你的数字"},
    "walk_from_digit": {"en": "**A is your digit** (its z found in G on the Draw tab): the walk starts there.",
                        "zh": "**A 是你的数字**（在“手写”中于 G 里找到的 z）：路线从这里出发。"},
    "walk_forget": {"en": "Use seed A again", "zh": "重新使用种子 A"},

    # --- Train live ---
    "train_intro": {
        "en": "Train a GAN here and watch it. **Figure 1** (1-D): black dotted p_data, green p_g (of G's "
              "weights averaged over the last steps), blue dashed D(x), orange the best D for this G, "
              "D\\* = p_data/(p_data+p_g); below, where G sends each z. **2-D**: black real points, green G's "
              "points (magenta rings on the edge: points beyond the view), D's map (blue: D says real, red: "
              "fake). **MNIST**: "
              "G's digits from the same fixed noise, sharpening as it learns. At the optimum p_g = p_data and "
              f"D = 1/2 everywhere. Each run stops after its steps or {MAX_SECONDS:g} s; then its weights "
              "download as config.json + model.safetensors (unzip them into a folder FOLDER and try "
              "`python -m gan.sample --model FOLDER --n 64 --seed 0 --out samples.npz`).",
        "zh": "在这里训练一个 GAN 并观察它。**图 1**（一维）：黑色点线是 p_data，绿色是 p_g（取 G 最近若干步权重的平均），"
              "蓝色虚线是 D(x)，橙色是对当前 G 最优的 D，即 D\\* = p_data/(p_data+p_g)；下方显示 G 把每个 z 送到哪里。"
              "**二维**：黑点是真实数据，绿点是 G 生成的点（边缘上的品红色圆圈：超出视野的点），"
              "背景是 D 的判断（蓝：D 认为是真，红：认为是假）。"
              "**MNIST**：G 用同一组固定噪声画出的数字，随着学习越来越清晰。在最优点 p_g = p_data，D 处处等于 1/2。"
              f"每次训练在达到步数或 {MAX_SECONDS:g} s 后停止；之后可以下载权重 config.json + model.safetensors"
              "（解压到文件夹 FOLDER，再试试 `python -m gan.sample --model FOLDER --n 64 --seed 0 --out samples.npz`）。"},
    "train_data": {"en": "Data p_data", "zh": "数据 p_data"},
    "train_data_choices": {"en": ["1-D Gaussian (the paper's Figure 1)", "2-D ring of 8 Gaussians",
                                  "2-D grid of 25 Gaussians", "MNIST digits (10,000-digit subset)"],
                           "zh": ["一维高斯分布（论文图 1）", "二维：8 个高斯组成的环", "二维：25 个高斯组成的网格",
                                  "MNIST 数字（10,000 个数字的子集）"]},
    "train_loss": {"en": "G's loss", "zh": "G 的损失"},
    "train_loss_choices": {"en": ["non-saturating: max log D(G(z)) (the paper's choice)",
                                  "minimax: min log(1 - D(G(z))) (eq. 1)", "Wasserstein critic + gradient penalty"],
                           "zh": ["非饱和：max log D(G(z))（论文的选择）", "极小极大：min log(1 - D(G(z)))（式 1）",
                                  "Wasserstein 评价器 + 梯度惩罚"]},
    "train_k": {"en": "k: D-steps per G-step (Algorithm 1)", "zh": "k：每步 G 对应的 D 步数（算法 1）"},
    "train_lr_d": {"en": f"D learning rate (0, {MAX_LR:g}]", "zh": f"D 的学习率 (0, {MAX_LR:g}]"},
    "train_lr_g": {"en": f"G learning rate (0, {MAX_LR:g}]", "zh": f"G 的学习率 (0, {MAX_LR:g}]"},
    "train_batch": {"en": f"batch size m (1-{MAX_BATCH})", "zh": f"批大小 m（1-{MAX_BATCH}）"},
    "train_seed": {"en": "seed", "zh": "随机种子"},
    "train_steps": {"en": "steps (G-steps; capped per data set)", "zh": "步数（G 的步数；每个数据集有上限）"},
    "train_start": {"en": "Start", "zh": "开始"},
    "train_reset": {"en": "Reset", "zh": "重置"},
    "train_ready": {"en": "Ready.", "zh": "就绪。"},
    "train_waiting": {"en": "Starting: waiting for a free slot...", "zh": "正在开始：等待空闲名额……"},
    "train_weights": {"en": "Trained weights (zip: config.json + model.safetensors)",
                      "zh": "训练好的权重（zip：config.json + model.safetensors）"},
    "train_picture": {"en": "G and D now", "zh": "此刻的 G 和 D"},
    "train_loss_plot": {"en": "loss of D and of G", "zh": "D 与 G 的损失"},
    "train_d_plot": {"en": "mean D(x) and D(G(z)); 1/2 at the optimum", "zh": "D(x) 与 D(G(z)) 的均值；最优时为 1/2"},
    "plot_step": {"en": "step", "zh": "步数"},
    "plot_value": {"en": "value", "zh": "数值"},
    "plot_series": {"en": "series", "zh": "曲线"},
    "train_progress": {"en": "step **{step}** / {steps} · {speed:.1f} steps/s · {seconds:.1f} s of {max_seconds:g} s",
                       "zh": "第 **{step}** / {steps} 步 · 每秒 {speed:.1f} 步 · 已用 {seconds:.1f} s（上限 {max_seconds:g} s）"},
    "train_modes": {"en": " · modes covered **{covered}/{n}** · high-quality samples {hq:.0f}%",
                    "zh": " · 覆盖的模式 **{covered}/{n}** · 高质量样本 {hq:.0f}%"},
    "train_finished": {"en": "\n\n**Finished:** {why}. Weights ready below.", "zh": "\n\n**已完成：** {why}。权重可在下方下载。"},
    "train_diverged": {"en": "\n\n**Diverged:** {why}. Weights ready below.", "zh": "\n\n**发散了：** {why}。权重可在下方下载。"},
    "train_already": {"en": "A run is already training (step {step}): press Stop first to start another.",
                      "zh": "已经有一次训练在进行（第 {step} 步）：请先按“停止”再开始新的训练。"},
    "end_done": {"en": "done: {step} steps", "zh": "完成：{step} 步"},
    "end_capped": {"en": "time cap reached ({max_seconds:g} s) at step {step}",
                   "zh": "在第 {step} 步达到时间上限（{max_seconds:g} s）"},
    "end_blew_up": {"en": ", but the losses blew up ({name} reached {value:.3g} at step {step}): lower the learning rates",
                    "zh": "，但损失爆炸了（{name} 在第 {step} 步达到 {value:.3g}）：请降低学习率"},
    "end_diverged": {"en": "{detail}", "zh": "训练发散：{detail}"},
    "replay_label": {"en": "Replay: scrub through the run's frames", "zh": "回放：拖动浏览这次训练的各帧"},
    "replay_at": {"en": "Replaying step **{step}** (frame {i} of {n}); ▶ marks it on the plots.",
                  "zh": "正在回放第 **{step}** 步（第 {i} 帧，共 {n} 帧）；图中 ▶ 标出该步。"},
    "replay_none": {"en": "Nothing to replay yet: run a training first.", "zh": "还没有可回放的内容：请先训练一次。"},
    "replay_download": {"en": "Download the run (GIF and MP4)", "zh": "下载这次训练（GIF 和 MP4）"},
    "replay_files": {"en": "The run as an animation", "zh": "训练过程动画"},
    "replay_exported": {"en": "The run's {n} frames, as a GIF and an MP4.", "zh": "这次训练的 {n} 帧，GIF 与 MP4 格式。"},
    "train_stopping": {"en": "Stopping...", "zh": "正在停止……"},
    "train_nothing": {"en": "Nothing is running.", "zh": "没有正在进行的训练。"},
    "train_stopped": {"en": "Stopped.", "zh": "已停止。"},
    "train_stopped_at": {"en": "**Stopped** at step {step}. Weights ready below.", "zh": "**已停止**于第 {step} 步。权重可在下方下载。"},
    "own_use": {"en": "Use this model in Samples, Interpolate and Draw", "zh": "在“样本”“插值”“手写”中使用这个模型"},
    "own_load_header": {"en": "Load a model of your own (for you only)", "zh": "加载你自己的模型（仅你可见）"},
    "own_upload": {"en": f"A weights zip as exported above, or config.json + model.safetensors (at most "
                         f"{MAX_UPLOAD_MB} MB; never pickles)",
                   "zh": f"上面导出的权重 zip，或 config.json + model.safetensors（最多 {MAX_UPLOAD_MB} MB；不接受 pickle）"},
    "own_repo": {"en": "or a Hugging Face Hub repo id (owner/name)", "zh": "或一个 Hugging Face Hub 仓库 id（owner/name）"},
    "own_load": {"en": "Load it into Samples, Interpolate and Draw", "zh": "加载到“样本”“插值”“手写”中"},
    "own_added": {"en": "**{name}** is now in the model pickers of Samples, Interpolate and Draw (for you only).",
                  "zh": "**{name}** 已加入“样本”“插值”“手写”的模型列表（仅你可见）。"},
    "own_refused": {"en": "**Not loaded:** {reason}", "zh": "**未加载：** {reason}"},
    "own_train_first": {"en": "train a model first (MNIST), and let it finish or press Stop.",
                        "zh": "请先训练一个模型（MNIST），等它完成或按“停止”。"},
    "own_only_mnist": {"en": "only an MNIST run draws digits for Samples and Interpolate.",
                       "zh": "只有 MNIST 的训练才能为“样本”和“插值”画出数字。"},
    "own_run_name": {"en": "Your run: MNIST, step {step}", "zh": "你的训练：MNIST，第 {step} 步"},
    "own_unloadable": {"en": "that run's weights could not be loaded: {reason}", "zh": "无法加载那次训练的权重：{reason}"},
    "own_uploaded": {"en": "Uploaded: {name}", "zh": "上传的：{name}"},
    "own_yours": {"en": "your weights", "zh": "你的权重"},
    "own_choose": {"en": "choose a weights zip (or its two files), or type a Hub repo id",
                   "zh": "请选择一个权重 zip（或其中的两个文件），或输入 Hub 仓库 id"},
}

# the library's field names (gan.limits, gan.serving.validate) in Chinese, for its refusals (ui.i18n.reason)
FIELD_NAMES_ZH = {
    "rows": "行数", "cols": "列数", "seed": "随机种子", "seed A": "种子 A", "seed B": "种子 B", "seed C": "种子 C",
    "digit": "数字", "digit A": "数字 A", "digit B": "数字 B", "digit C": "数字 C", "frames": "帧数",
    "frames per second": "每秒帧数", "steps": "步数", "test digit": "测试数字", "t": "t", "model": "模型",
    "path": "路径", "walk seeds": "途经的种子", "walk digits": "途经的数字", "k (D-steps per G-step)": "k（每步 G 对应的 D 步数）",
    "batch size": "批大小", "learning rate": "学习率", "D learning rate": "D 的学习率", "G learning rate": "G 的学习率",
    "G loss": "G 的损失", "data": "数据", "epsilon": "epsilon", "mean of p_g": "p_g 的均值", "std of p_g": "p_g 的标准差",
    "G's training steps": "G 的训练步数", "D's training steps": "D 的训练步数", "D's head start": "D 的先行步数",
    "samples per digit": "每个数字的样本数", "speed": "速度", "step": "单步", "drawing": "画出的数据",
    "D optimiser": "D 的优化器", "G optimiser": "G 的优化器",
}
