"""staffsim: simulate and optimise the redistribution of commune officials."""
