print("rlrun")
