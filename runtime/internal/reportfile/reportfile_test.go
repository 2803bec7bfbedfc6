package reportfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestName(t *testing.T) {
	assert.Equal(t, "TestX_sub_case", Name("TestX/sub case"))
	assert.Equal(t, "leaklint", Name(""))
	assert.Equal(t, "a-b.c_d", Name("a-b.c:d"))
}

func TestWriteKeepsEveryReport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reports")
	first, err := Write(dir, "TestX/sub", []byte(`{"n":1}`))
	require.NoError(t, err)
	second, err := Write(dir, "TestX/sub", []byte(`{"n":2}`))
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "TestX_sub-1.json"), first)
	assert.Equal(t, filepath.Join(dir, "TestX_sub-2.json"), second)
	data, err := os.ReadFile(first)
	require.NoError(t, err)
	assert.Equal(t, "{\"n\":1}\n", string(data))
}

func TestWriteNamesTheVariableOnFailure(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	_, err := Write(filepath.Join(file, "sub"), "TestX", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), DirEnv+"=")
}
