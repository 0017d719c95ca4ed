package io.cadencia.tenant;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Puts into the active-tenants index the active profiles saved before it existed, which no dispatcher would
 * otherwise see. Run once after deploying the index (control action {@code index-tenants}); running it again finds
 * nothing to do. It scans the table, which is why it is an operator's action and never part of a tick.
 */
public final class TenantIndexBackfill {

    private final DynamoDbClient dynamo;
    private final TenantsTable table;

    public TenantIndexBackfill(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = new TenantsTable(table);
    }

    /** How many profiles it indexed. */
    public int run() {
        int indexed = 0;
        for (var item : dynamo.scanPaginator(table.unindexedActiveProfiles()).items()) {
            try {
                dynamo.updateItem(table.indexActiveProfile(TenantsTable.tenantOf(item)));
                indexed++;
            } catch (ConditionalCheckFailedException savedMeanwhile) {
                // Deactivated or saved since the scan read it: the save already set the index attribute right.
            }
        }
        return indexed;
    }
}
