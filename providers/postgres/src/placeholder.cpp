// placeholder until the postgres client lands
