// placeholder until the redis client lands
