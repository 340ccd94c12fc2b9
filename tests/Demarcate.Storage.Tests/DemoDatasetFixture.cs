using Demarcate.Storage.Seeding;

namespace Demarcate.Storage.Tests;

/// <summary>The demo commission, built once per test class from the real data in data/demo.</summary>
public sealed class DemoDatasetFixture
{
    public DemoDatasetFixture() => Dataset = DemoCommission.BuildAsync(CancellationToken.None).GetAwaiter().GetResult();

    public BoundaryDataset Dataset { get; }
}
