"""How good a generator is: the paper's Parzen-window log-likelihood (``parzen``), the digit classifier
that reads samples (``classifier``) and the Frechet distance in its feature space (``frechet``); choosing a
run's weights on the validation split by either (``selection``)."""
