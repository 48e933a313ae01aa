"""Chinese and English texts of "The paper, piece by piece" (Goodfellow et al. 2014, arXiv 1406.2661),
one entry per key: {"en": ..., "zh": ...}. Markdown may hold LaTeX between $$ ... $$ (KaTeX)."""
from __future__ import annotations

PAPER = "https://arxiv.org/abs/1406.2661"

PAPER_STRINGS: dict[str, dict[str, str]] = {
    # --- the tab as a whole ---
    "intro": {
        "en": f"Each piece below turns one idea of [the 2014 GAN paper]({PAPER}) into something to try. "
              "Change a control, run it, and read the note beside it; open *How it works* for the maths and "
              "the section of the paper it comes from.",
        "zh": f"下面每一部分把 [2014 年 GAN 论文]({PAPER}) 中的一个想法变成可以动手试的小实验。调整控件、运行，"
              "再看旁边的说明；展开“原理”可以看到数学推导和它在论文中的出处。"},
    "tab_adversarial": {"en": "1 · Adversarial examples", "zh": "1 · 对抗样本"},
    "tab_optimal": {"en": "2 · Optimal D and equilibrium", "zh": "2 · 最优判别器与均衡"},
    "tab_vanishing": {"en": "3 · Vanishing gradients", "zh": "3 · 梯度消失"},
    "tab_modes": {"en": "4 · Mode collapse", "zh": "4 · 模式崩溃"},
    "how": {"en": "How it works (and where in the paper)", "zh": "原理（以及在论文中的位置）"},
    "seed": {"en": "Seed", "zh": "随机种子"},
    "stop": {"en": "Stop", "zh": "停止"},
    "stopped": {"en": "**Stopped.** The plots keep the run up to the step above.",
                "zh": "**已停止。** 图中保留了上面所示步数为止的结果。"},

    # --- 1. adversarial examples ---
    "adv_explain": {
        "en": "**A tiny change fools a trained network.** Nudge every pixel of a digit by at most ε in the "
              "direction that most increases the classifier's loss, and its answer flips, although you can "
              "still read the digit. The paper cites this as a property of neural networks "
              "(Szegedy et al., 2014) and notes that a GAN's D is exactly such a network.\n\n"
              "$$x' = \\mathrm{clip}_{[0,1]}\\big(x + \\epsilon\\,\\mathrm{sign}(\\nabla_x L(x, y))\\big)$$",
        "zh": "**微小的改动就能骗过训练好的网络。** 把数字图像的每个像素沿着让分类器损失增大最快的方向改动最多 ε，"
              "分类结果就会改变，而人眼仍然能认出这个数字。论文把这作为神经网络的一个性质引用（Szegedy 等，2014），"
              "并指出 GAN 的判别器 D 正是这样一个网络。\n\n"
              "$$x' = \\mathrm{clip}_{[0,1]}\\big(x + \\epsilon\\,\\mathrm{sign}(\\nabla_x L(x, y))\\big)$$"},
    "adv_how": {
        "en": "- **Fast gradient sign (FGSM)** (Goodfellow, Shlens & Szegedy, 2015): one step of size ε along the "
              "sign of the input gradient. The change's L∞ norm is at most ε; its L2 norm can still be large "
              "because every pixel moves.\n"
              "- **Iterative (BIM / PGD):** several smaller steps, each followed by a projection back into the "
              "ball $\\|x'-x\\|_\\infty \\le \\epsilon$ and the pixel range [0, 1]. Usually stronger at the same ε.\n"
              "- **Targeted:** descend the loss of the target class instead, to make the classifier say a chosen digit.\n"
              "- **Attacking D:** D(x) = sigmoid(logit) is the probability that x is real (Section 3, eq. 1). "
              "Descending the logit makes a real digit look fake; ascending it makes a generated digit look real. "
              "The paper's related-work section (Section 2) contrasts GANs with adversarial examples: these are "
              "a way to probe a network, not a way to train a generator.\n"
              "- Only the input receives a gradient; the shared models are never changed.",
        "zh": "- **快速梯度符号法（FGSM）**（Goodfellow、Shlens 和 Szegedy，2015）：沿输入梯度的符号方向走一步，步长为 ε。"
              "扰动的 L∞ 范数不超过 ε；但因为每个像素都在变，L2 范数仍可能较大。\n"
              "- **迭代攻击（BIM / PGD）：** 走若干小步，每一步之后都投影回 $\\|x'-x\\|_\\infty \\le \\epsilon$ "
              "的球内和像素范围 [0, 1]。同样的 ε 下通常更强。\n"
              "- **定向攻击：** 改为降低目标类别的损失，让分类器说出指定的数字。\n"
              "- **攻击 D：** D(x) = sigmoid(logit) 是 x 为真实样本的概率（第 3 节，式 1）。降低 logit 能让真实数字看起来像假的；"
              "提高 logit 能让生成的数字看起来像真的。论文第 2 节（相关工作）把 GAN 与对抗样本作了对比：对抗样本是探查网络的手段，"
              "而不是训练生成器的方法。\n"
              "- 只有输入得到梯度；共享的模型从不被修改。"},
    "adv_classifier_header": {"en": "### Attack the digit classifier", "zh": "### 攻击数字分类器"},
    "adv_d_header": {"en": "### Attack a GAN's discriminator D", "zh": "### 攻击 GAN 的判别器 D"},
    "adv_index": {"en": "Digit index in the shipped subset (0-9999)", "zh": "数字在自带子集中的编号（0-9999）"},
    "adv_random": {"en": "Random digit", "zh": "随机数字"},
    "adv_epsilon": {"en": "ε: the largest change of a pixel (0-0.5)", "zh": "ε：单个像素的最大改动（0-0.5）"},
    "adv_method": {"en": "Attack", "zh": "攻击方法"},
    "adv_target": {"en": "Target class (none: any wrong answer)", "zh": "目标类别（无：任意错误答案）"},
    "adv_steps": {"en": "Steps of the iterative attack (1-50)", "zh": "迭代攻击的步数（1-50）"},
    "adv_run": {"en": "Attack the classifier", "zh": "攻击分类器"},
    "adv_original": {"en": "Original", "zh": "原图"},
    "adv_perturbation": {"en": "Perturbation ×1/ε", "zh": "扰动 ×1/ε"},
    "adv_adversarial": {"en": "Perturbed digit", "zh": "扰动后的数字"},
    "adv_d_model": {"en": "GAN whose D to attack", "zh": "要攻击哪个 GAN 的 D"},
    "adv_d_make": {"en": "Goal", "zh": "目标"},
    "adv_d_seed": {"en": "Seed of the generated digit", "zh": "生成数字的随机种子"},
    "adv_d_run": {"en": "Attack D", "zh": "攻击 D"},
    "adv_result": {
        "en": "| | prediction | confidence | P(true digit {label}) |\n|---|---|---|---|\n"
              "| before | **{before}** | {before_p:.1%} | {true_before:.1%} |\n"
              "| after | **{after}** | {after_p:.1%} | {true_after:.1%} |\n\n"
              "Perturbation: L∞ = **{linf:.3f}** (≤ ε = {eps:.2f}), L2 = **{l2:.2f}**; its picture is amplified "
              "1/ε times: red pixels got brighter, blue ones darker. {verdict}",
        "zh": "| | 预测 | 置信度 | P(真实数字 {label}) |\n|---|---|---|---|\n"
              "| 攻击前 | **{before}** | {before_p:.1%} | {true_before:.1%} |\n"
              "| 攻击后 | **{after}** | {after_p:.1%} | {true_after:.1%} |\n\n"
              "扰动：L∞ = **{linf:.3f}**（≤ ε = {eps:.2f}），L2 = **{l2:.2f}**；图中放大了 1/ε 倍：红色像素变亮，蓝色变暗。{verdict}"},
    "adv_fooled": {"en": "The classifier was fooled.", "zh": "分类器被骗过了。"},
    "adv_not_fooled": {"en": "The classifier still answers correctly: try a larger ε or the iterative attack.",
                       "zh": "分类器仍然答对了：试试更大的 ε 或迭代攻击。"},
    "adv_d_result": {
        "en": "D(x) before: **{before:.3f}** → after: **{after:.3f}** (1 = surely real, 0 = surely fake). "
              "Perturbation: L∞ = {linf:.3f}, L2 = {l2:.2f}.",
        "zh": "攻击前 D(x)：**{before:.3f}** → 攻击后：**{after:.3f}**（1 表示确定是真，0 表示确定是假）。"
              "扰动：L∞ = {linf:.3f}，L2 = {l2:.2f}。"},

    # --- 2. optimal discriminator and equilibrium ---
    "opt_explain": {
        "en": "**Freeze G, train only D.** For a fixed G the best discriminator has a closed form "
              "(Proposition 1): it compares the two densities at each point.\n\n"
              "$$D^*_G(x) = \\frac{p_{data}(x)}{p_{data}(x) + p_g(x)}$$\n\n"
              "Plugging it into the objective gives (Theorem 1)\n\n"
              "$$V(D^*_G, G) = -\\log 4 + 2\\,\\mathrm{JSD}(p_{data}\\,\\|\\,p_g)$$\n\n"
              "which is smallest, −log 4 ≈ −1.386, exactly when p_g = p_data; then D* = 1/2 everywhere.",
        "zh": "**固定 G，只训练 D。** 对固定的 G，最优判别器有闭式解（命题 1）：它在每一点上比较两个密度。\n\n"
              "$$D^*_G(x) = \\frac{p_{data}(x)}{p_{data}(x) + p_g(x)}$$\n\n"
              "把它代回目标函数得到（定理 1）\n\n"
              "$$V(D^*_G, G) = -\\log 4 + 2\\,\\mathrm{JSD}(p_{data}\\,\\|\\,p_g)$$\n\n"
              "当且仅当 p_g = p_data 时取得最小值 −log 4 ≈ −1.386，此时 D* 处处等于 1/2。"},
    "opt_how": {
        "en": "- This is the 1-D setting of the paper's **Figure 1**: p_data (black dots in the paper) is a "
              "Gaussian at 4 with std 0.5, p_g (green) is what G makes, D (blue) is the discriminator.\n"
              "- **Section 4.1, Proposition 1:** for fixed G, V(D, G) = ∫ p_data log D + p_g log(1 − D) dx; "
              "the function a log y + b log(1 − y) peaks at y = a / (a + b), which gives D*.\n"
              "- **Theorem 1:** substituting D* turns V into −log 4 plus twice the Jensen–Shannon divergence, "
              "which is zero only when the two distributions are equal.\n"
              "- Here D is a small network trained with Adam on fresh samples from both distributions. "
              "*V (trained D)* is estimated on 4096 samples of each; *V(D*, G)* is computed by numerical "
              "integration, both directly and via the JSD. A trained D can only come close to D*, so its "
              "V lies at or a little below V(D*, G).\n"
              "- *G trained for N steps* uses Algorithm 1 on the same p_data; its density is a kernel estimate "
              "from 20,000 of its samples.",
        "zh": "- 这就是论文 **图 1** 的一维情形：p_data（论文中的黑点）是均值 4、标准差 0.5 的高斯分布，p_g（绿色）是 G 生成的分布，"
              "D（蓝色）是判别器。\n"
              "- **第 4.1 节，命题 1：** 对固定的 G，V(D, G) = ∫ p_data log D + p_g log(1 − D) dx；"
              "函数 a log y + b log(1 − y) 在 y = a / (a + b) 处取最大值，由此得到 D*。\n"
              "- **定理 1：** 代入 D* 后，V 变成 −log 4 加上两倍的 Jensen–Shannon 散度，而 JS 散度只有在两个分布相同时才为零。\n"
              "- 这里的 D 是一个小网络，用 Adam 在两个分布的新样本上训练。*V（训练得到的 D）* 在每个分布的 4096 个样本上估计；"
              "*V(D*, G)* 用数值积分计算，分别直接计算和通过 JS 散度计算。训练出的 D 只能接近 D*，所以它的 V 等于或略低于 V(D*, G)。\n"
              "- “训练 N 步的 G”用算法 1 在同一个 p_data 上训练；它的密度由 20,000 个样本的核密度估计给出。"},
    "opt_g_kind": {"en": "Frozen G", "zh": "固定的 G"},
    "opt_gaussian": {"en": "Gaussian p_g", "zh": "高斯分布 p_g"},
    "opt_trained": {"en": "G trained for N steps", "zh": "训练 N 步的 G"},
    "opt_mean": {"en": "Mean of p_g (-2 to 8; p_data: 4)", "zh": "p_g 的均值（-2 到 8；p_data 为 4）"},
    "opt_std": {"en": "Std of p_g (0.1 to 3; p_data: 0.5)", "zh": "p_g 的标准差（0.1 到 3；p_data 为 0.5）"},
    "opt_g_steps": {"en": "N: G's training steps before freezing (0-2000)", "zh": "N：固定前 G 的训练步数（0-2000）"},
    "opt_d_steps": {"en": "D's training steps (50-3000)", "zh": "D 的训练步数（50-3000）"},
    "opt_run": {"en": "Freeze G and train D", "zh": "固定 G，训练 D"},
    "opt_plot": {"en": "Figure 1 view: densities, trained D and D*", "zh": "图 1 视角：密度、训练的 D 与 D*"},
    "opt_curve": {"en": "V(D*, G) as a Gaussian p_g (this std) slides past p_data",
                  "zh": "高斯 p_g（当前标准差）平移经过 p_data 时的 V(D*, G)"},
    "opt_result": {
        "en": "D step **{step}** ({seconds:.1f} s) · mean |D − D*| on the support: **{mae:.3f}**\n\n"
              "| | value |\n|---|---|\n| V(D, G), trained D (estimate) | **{v_estimate:.4f}** |\n"
              "| V(D*, G) by integration | **{v_star:.4f}** |\n| −log 4 + 2·JSD(p_data ‖ p_g) | {v_from_jsd:.4f} |\n"
              "| JSD(p_data ‖ p_g) | {jsd:.4f} (max log 2 ≈ 0.693) |\n| −log 4 (global optimum) | −1.3863 |",
        "zh": "D 第 **{step}** 步（{seconds:.1f} 秒）· 支撑集上平均 |D − D*|：**{mae:.3f}**\n\n"
              "| | 数值 |\n|---|---|\n| V(D, G)，训练得到的 D（估计） | **{v_estimate:.4f}** |\n"
              "| V(D*, G)，数值积分 | **{v_star:.4f}** |\n| −log 4 + 2·JSD(p_data ‖ p_g) | {v_from_jsd:.4f} |\n"
              "| JSD(p_data ‖ p_g) | {jsd:.4f}（最大为 log 2 ≈ 0.693） |\n| −log 4（全局最优） | −1.3863 |"},

    # --- 3. vanishing gradients ---
    "van_explain": {
        "en": "**Why the paper does not train G with its own equation.** Early on, G is poor and D rejects its "
              "samples confidently, D(G(z)) ≈ 0. There the minimax loss is flat:\n\n"
              "$$\\frac{\\partial}{\\partial \\ell}\\log(1 - \\sigma(\\ell)) = -D(G(z)) \\approx 0$$\n\n"
              "so G barely learns. The paper trains G to **maximise log D(G(z))** instead, whose gradient "
              "−(1 − D(G(z))) ≈ −1 is strong in the same place. Both share the same fixed point.",
        "zh": "**为什么论文不直接用自己的公式训练 G。** 训练初期 G 很差，D 能很有把握地拒绝它的样本，D(G(z)) ≈ 0。"
              "此时极小极大损失几乎是平的：\n\n"
              "$$\\frac{\\partial}{\\partial \\ell}\\log(1 - \\sigma(\\ell)) = -D(G(z)) \\approx 0$$\n\n"
              "因此 G 几乎学不到东西。论文改为训练 G **最大化 log D(G(z))**，它在同样的位置梯度为 −(1 − D(G(z))) ≈ −1，"
              "非常强。两者的不动点相同。"},
    "van_how": {
        "en": "- **Section 3**, right after eq. (1): early in learning, while G is poor, D rejects its samples "
              "with high confidence and log(1 − D(G(z))) saturates, so the paper trains G to maximise "
              "log D(G(z)) instead. **Figure 1** shows the same 1-D setting.\n"
              "- Both runs start from the same seed: the same initial weights, the same data and noise, and the "
              "same head start for D (D trains alone for a while, so it rejects G's samples confidently). "
              "Only G's loss differs.\n"
              "- The plot shows log10 of ‖∇θ_g loss‖, G's gradient norm at each step. At the start the minimax "
              "gradient is about a hundred times smaller.\n"
              "- Both use plain SGD with momentum, as the paper did. Adam divides each gradient by its running "
              "size, which partly hides the effect; that is one reason later GANs train fine with either loss.",
        "zh": "- **第 3 节**，紧接式 (1)：训练初期 G 还很差，D 能以很高的置信度拒绝它的样本，log(1 − D(G(z))) 于是饱和，"
              "所以论文改为训练 G 最大化 log D(G(z))。"
              "**图 1** 展示的正是同样的一维情形。\n"
              "- 两次训练使用同一个随机种子：相同的初始权重、相同的数据和噪声，D 也有相同的先训练步数（D 先单独训练一会儿，"
              "从而能有把握地拒绝 G 的样本）。唯一的区别是 G 的损失。\n"
              "- 图中是每一步 G 的梯度范数 ‖∇θ_g loss‖ 的 log10。开始时极小极大损失的梯度大约小一百倍。\n"
              "- 两者都用带动量的普通 SGD，与论文一致。Adam 会用梯度的滑动尺度去除梯度，部分掩盖了这种现象；"
              "这也是后来的 GAN 用哪种损失都能训练的原因之一。"},
    "van_toy": {"en": "Toy data", "zh": "玩具数据"},
    "van_steps": {"en": "Steps (10-1000)", "zh": "步数（10-1000）"},
    "van_warmup": {"en": "D's head start: steps D trains alone first (0-500)", "zh": "D 的先训练步数：D 先单独训练的步数（0-500）"},
    "van_run": {"en": "Train both side by side", "zh": "并排训练两者"},
    "van_plot": {"en": "G's gradient norm, log10", "zh": "G 的梯度范数（log10）"},
    "van_plot_progress": {"en": "How far G got", "zh": "G 的进展"},
    "van_result": {
        "en": "Step **{step}**. At step 1 G's gradient norm was **{mm0:.3g}** (minimax) vs **{ns0:.3g}** "
              "(non-saturating): **{ratio:.0f}×** smaller, with D(G(z)) = {d0:.3f}. Now: {mm:.3g} vs {ns:.3g}.",
        "zh": "第 **{step}** 步。第 1 步时 G 的梯度范数为 **{mm0:.3g}**（极小极大）对 **{ns0:.3g}**（非饱和）："
              "小了 **{ratio:.0f} 倍**，此时 D(G(z)) = {d0:.3f}。当前：{mm:.3g} 对 {ns:.3g}。"},

    # --- 4. mode collapse ---
    "modes_explain": {
        "en": "**G may cover only some of the data.** If G finds a few outputs that fool D, it can map many z "
              "to them and drop the rest of p_data. Watch the 2-D ring (8 modes) or grid (25 modes): a mode "
              "is *covered* when at least one sample lands within 3 std of it. The Wasserstein loss "
              "(with gradient penalty) gives G a critic score that keeps pointing towards every part of p_data. "
              "Both runs here share everything but the loss; on the ring the paper's loss usually ends on a few "
              "modes and WGAN-GP on (nearly) all 8, but results vary with the seed:\n\n"
              "$$\\min_G \\max_{\\|f\\|_L \\le 1} \\; \\mathbb{E}_{x\\sim p_{data}} f(x) - \\mathbb{E}_{z} f(G(z))$$",
        "zh": "**G 可能只覆盖数据的一部分。** 如果 G 找到几个能骗过 D 的输出，它可能把许多 z 都映射过去，而丢掉 p_data 的其余部分。"
              "观察二维的环形（8 个模式）或网格（25 个模式）：若至少有一个样本落在某个模式 3 倍标准差以内，就称该模式被*覆盖*。"
              "带梯度惩罚的 Wasserstein 损失给 G 一个评判分数，它始终指向 p_data 的每一部分。"
              "这里两次训练除损失外完全相同；在环形数据上，论文的损失通常停在少数几个模式上，WGAN-GP 则覆盖（几乎）全部 8 个，"
              "但结果随种子而变：\n\n"
              "$$\\min_G \\max_{\\|f\\|_L \\le 1} \\; \\mathbb{E}_{x\\sim p_{data}} f(x) - \\mathbb{E}_{z} f(G(z))$$"},
    "modes_how": {
        "en": "- **Section 6** (advantages and disadvantages) names this \"the Helvetica scenario\": if G is trained "
              "too long without updating D, it maps too many z to the same x and loses diversity. That is why "
              "**Algorithm 1** alternates k steps of D with one step of G.\n"
              "- Both runs share the seed, the networks and the training recipe (2 D-steps per G-step, D learning "
              "3x faster than G, Adam with betas (0.5, 0.9)); only the loss differs. The non-saturating run is "
              "the paper's loss; the Wasserstein run (Arjovsky et al., 2017; Gulrajani et al., 2017) uses a "
              "critic with a gradient penalty (weight 1 here instead of 10, so it resolves the tight ring modes "
              "within a few hundred steps). With this strong D the paper's loss typically settles on 3-5 of the "
              "8 ring modes while WGAN-GP reaches 7-8 within 600 steps, but results vary with the seed: try a few.\n"
              "- A mode counts as covered as soon as one sample lands near it, so also watch the share of samples "
              "near a mode: the collapsed run leaves part of the ring empty, WGAN-GP spreads its samples around "
              "the whole ring and only slowly sharpens them onto the modes. The 25-mode grid needs more steps than "
              "the default: after 2,000 steps both runs cover about 18 of 25 (seed 0), with little difference.\n"
              "- **Conditional GAN (Section 7, first extension; Mirza & Osindero, 2014):** feed the class c to "
              "both G and D, p(x | c). Asking for each digit in turn forces G to make every digit. The check "
              "below classifies samples of the shipped models with the shipped classifier.",
        "zh": "- **第 6 节**（优点与缺点）把它称为“Helvetica 情形”：如果在不更新 D 的情况下把 G 训练得太久，"
              "G 会把太多的 z 映射到同一个 x，失去多样性。这正是 **算法 1** 让 D 的 k 步与 G 的一步交替进行的原因。\n"
              "- 两次训练使用相同的随机种子、相同的网络和相同的训练方案（每步 G 对应 2 步 D，D 的学习率是 G 的 3 倍，"
              "Adam 的 betas 为 (0.5, 0.9)），只有损失不同。非饱和那一组用的是论文的损失；Wasserstein 那一组"
              "（Arjovsky 等，2017；Gulrajani 等，2017）用带梯度惩罚的评判器（惩罚权重取 1 而不是 10，"
              "这样几百步内就能分辨环上很窄的模式）。在这样强的 D 之下，论文的损失通常停在 8 个环形模式中的 3-5 个，"
              "而 WGAN-GP 在 600 步内达到 7-8 个；但结果随种子而变：多试几个。\n"
              "- 只要有一个样本落在某个模式附近，该模式就算被覆盖，所以也要看靠近模式的样本比例：坍缩的那一组让环的一部分"
              "空着，WGAN-GP 则把样本铺满整个环，再慢慢集中到各个模式上。25 个模式的网格需要比默认更多的步数："
              "2000 步后两者都覆盖约 18/25 个模式（种子 0），差别不大。\n"
              "- **条件 GAN（第 7 节列出的第一个扩展；Mirza 和 Osindero，2014）：** 把类别 c 同时输入 G 和 D，学习 p(x | c)。"
              "依次要求每个数字，就迫使 G 生成所有数字。下面的检查用自带的分类器对自带模型的样本进行分类。"},
    "modes_toy": {"en": "2-D data", "zh": "二维数据"},
    "modes_steps": {"en": "Steps (50-3000)", "zh": "步数（50-3000）"},
    "modes_run": {"en": "Train both side by side", "zh": "并排训练两者"},
    "modes_plot": {"en": "Modes covered over time", "zh": "被覆盖的模式数随时间变化"},
    "modes_ns": {"en": "Non-saturating (the paper's)", "zh": "非饱和损失（论文所用）"},
    "modes_wgan": {"en": "Wasserstein (WGAN-GP)", "zh": "Wasserstein（WGAN-GP）"},
    "modes_result": {
        "en": "Step **{step}** ({seconds:.0f} s). Modes covered: non-saturating **{ns}/{n}** "
              "({ns_hq:.0%} of samples near a mode), Wasserstein **{wg}/{n}** ({wg_hq:.0%}).",
        "zh": "第 **{step}** 步（{seconds:.0f} 秒）。被覆盖的模式：非饱和 **{ns}/{n}**"
              "（{ns_hq:.0%} 的样本靠近某个模式），Wasserstein **{wg}/{n}**（{wg_hq:.0%}）。"},
    "cond_header": {"en": "### What the conditional model changes", "zh": "### 条件模型带来了什么"},
    "cond_per_digit": {"en": "Samples per digit (5-50)", "zh": "每个数字的样本数（5-50）"},
    "cond_run": {"en": "Classify samples of both models", "zh": "对两个模型的样本分类"},
    "cond_shares": {"en": "Unconditional model: share of each digit", "zh": "无条件模型：各数字所占比例"},
    "cond_accuracy": {"en": "Conditional model: share read as the digit asked",
                      "zh": "条件模型：被读成所要求数字的比例"},
    "cond_grid": {"en": "Conditional samples: row = digit asked", "zh": "条件模型样本：每一行是要求的数字"},
    "cond_result": {
        "en": "Unconditional model: digit shares from **{umin:.0%}** to **{umax:.0%}** (even coverage would be "
              "10% each). Conditional model: the classifier reads the digit asked for in **{acc:.0%}** of samples "
              "(lowest per digit: {worst} at {worst_acc:.0%}).",
        "zh": "无条件模型：各数字比例在 **{umin:.0%}** 到 **{umax:.0%}** 之间（均匀覆盖时各为 10%）。"
              "条件模型：分类器在 **{acc:.0%}** 的样本中读出了要求的数字（最低的是数字 {worst}，{worst_acc:.0%}）。"},

    # --- choices (labels in the widget's order) ---
    "adv_goal_choices": {"en": ["real digit → look fake", "generated digit → look real"],
                         "zh": ["真实数字 → 看起来像假的", "生成的数字 → 看起来像真的"]},
    "adv_target_choices": {"en": ["none"] + [str(d) for d in range(10)], "zh": ["无"] + [str(d) for d in range(10)]},
    "opt_kind_choices": {"en": ["Gaussian p_g", "G trained for N steps"], "zh": ["高斯分布 p_g", "训练 N 步的 G"]},
    "modes_toy_choices": {"en": ["ring: 8 modes", "grid: 25 modes"], "zh": ["环形：8 个模式", "网格：25 个模式"]},
    "van_toy_choices": {"en": ["1-D Gaussian (Figure 1)", "2-D ring"], "zh": ["一维高斯（图 1）", "二维环形"]},

    # --- plot axes ---
    "axis_mean_pg": {"en": "mean of p_g", "zh": "p_g 的均值"},
    "axis_log_grad": {"en": "log10 of G's gradient norm", "zh": "G 的梯度范数（log10）"},
    "axis_loss": {"en": "G's loss", "zh": "G 的损失"},
    "axis_progress": {"en": "G's progress", "zh": "G 的进展"},
    "axis_modes": {"en": "modes covered", "zh": "覆盖的模式数"},
    "axis_run": {"en": "run", "zh": "训练"},
    "axis_digit": {"en": "digit", "zh": "数字"},
    "axis_share": {"en": "share of samples", "zh": "样本比例"},
    "axis_read": {"en": "read as asked", "zh": "被识别为要求的数字"},
}
