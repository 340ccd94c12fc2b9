namespace Demarcate.Testing;

/// <summary>Where things are in the checkout the tests run from.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository root (the folder holding Demarcate.slnx).</summary>
    public static string Root => RootPath.Value;

    /// <summary>The demo data shipped in the repository.</summary>
    public static string DemoData(string fileName) => Path.Combine(Root, "data", "demo", fileName);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Demarcate.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Demarcate.slnx not found above " + AppContext.BaseDirectory);
    }
}
