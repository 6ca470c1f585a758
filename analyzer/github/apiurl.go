package github

// APIURL is the REST API root the client talks to, e.g.
// https://api.github.com/: the clone stage allows clone URLs on its host.
func (c *Client) APIURL() string { return c.gh.BaseURL.String() }
