"""The verdict on a web page: redirects, HEAD and GET, bot walls, #anchors."""
