"""The paper's arguments as experiments: adversarial examples (its motivation), D* and the global
optimum (Proposition 1, Theorem 1), vanishing gradients of the minimax loss (Section 3), and mode
collapse (the "Helvetica scenario" of Section 6)."""
