"""net stage."""
